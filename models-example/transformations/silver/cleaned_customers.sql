-- Silver: one validated, typed row per customer.
-- Uses Weir's built-in `surrogate_key` macro and a project var; `weir compile` writes the rendered SQL to
-- target/compiled/, which is what you deploy to Databricks.

CREATE OR REFRESH MATERIALIZED VIEW cleaned_customers (
  customer_key STRING COMMENT 'Surrogate key: hash of customer_id',
  customer_id BIGINT NOT NULL COMMENT 'CRM customer id',
  first_name STRING COMMENT 'Given name, trimmed',
  last_name STRING COMMENT 'Family name, trimmed',
  full_name STRING COMMENT 'First and last name',
  email STRING COMMENT 'Lower-cased e-mail address',
  country_code STRING COMMENT 'ISO 3166-1 alpha-2 country, upper case, XX when unknown',
  city STRING COMMENT 'City as entered by the customer',
  signup_date DATE COMMENT 'Day the account was created',
  signup_month STRING COMMENT 'yyyy-MM of signup_date',
  is_test_account BOOLEAN COMMENT 'Internal QA account',
  source_file STRING COMMENT 'File the record was ingested from',
  CONSTRAINT valid_id EXPECT (customer_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT valid_email EXPECT (email LIKE '%@%'),
  CONSTRAINT valid_name EXPECT (last_name IS NOT NULL AND length(last_name) > 0) ON VIOLATION DROP ROW,
  CONSTRAINT cleaned_customers_pk PRIMARY KEY (customer_id)
)
COMMENT "Validated customers: typed, trimmed, e-mail normalised, test accounts removed"
TBLPROPERTIES ("quality" = "silver")
AS SELECT
  {{ surrogate_key(['customer_id']) }} AS customer_key,
  CAST(customer_id AS BIGINT) AS customer_id,
  trim(first_name) AS first_name,
  trim(last_name) AS last_name,
  concat_ws(' ', trim(first_name), trim(last_name)) AS full_name,
  lower(trim(email)) AS email,
  upper(nvl(country_code, "XX")) AS country_code,
  city,
  to_date(signup_ts) AS signup_date,
  date_format(signup_ts, 'yyyy-MM') AS signup_month,
  coalesce(CAST(is_test_account AS BOOLEAN), false) AS is_test_account,
  source_file
FROM raw_customers
{% if var('include_test_customers', false) %}
-- test accounts kept on purpose (var include_test_customers)
{% else %}
WHERE NOT coalesce(CAST(is_test_account AS BOOLEAN), false)
{% endif %}
;
