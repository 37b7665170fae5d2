-- The minute schedule looks for accounts with a standing-charge day left, per tariff; without an index that is a scan
-- of every account every minute.
CREATE INDEX prepay_accounts_standing_due ON prepay_accounts (tariff_id, standing_day);
