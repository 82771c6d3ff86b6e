-- input:
-- SELECT {{ cents_to_dollars('amount_cents') }} AS amount, {{ cents_to_dollars('tax_cents', 4) }} AS tax FROM LIVE.payments

SELECT CAST((amount_cents) / 100 AS DECIMAL(16, 2)) AS amount, CAST((tax_cents) / 100 AS DECIMAL(16, 4)) AS tax FROM LIVE.payments
