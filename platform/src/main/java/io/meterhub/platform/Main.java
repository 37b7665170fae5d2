package io.meterhub.platform;

public final class Main {
  public static void main(String[] args) {}
}
