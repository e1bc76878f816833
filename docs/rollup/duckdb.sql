-- Usage rollup for Billing Reviewer (docs/rollup/README.md), DuckDB 1.x.
-- Reads a raw events table or view `usage_events(account_id, metric, quantity, ts)`:
--   quantity DECIMAL(38,12) (or text holding an exact decimal), ts TIMESTAMPTZ (or TIMESTAMP in UTC).
-- Writes one row per account, metric and UTC day, with the columns `billing import --kind usage_rollup` reads.
-- Quantities stay DECIMAL (never DOUBLE), timestamps are cut to milliseconds as the book stores them,
-- and the latest record of a day is the one with the greatest ts, ties broken by the larger quantity (rating.md `last`).
-- Export: COPY (<this query without its last semicolon>) TO 'rollup.csv' (HEADER);
SET TimeZone = 'UTC';
WITH events AS (
  SELECT account_id,
         metric,
         CAST(quantity AS DECIMAL(38, 12)) AS quantity,
         date_trunc('millisecond', CAST(ts AS TIMESTAMP)) AS ts
  FROM usage_events
),
daily AS (
  SELECT account_id, metric, CAST(ts AS DATE) AS day,
         sum(quantity) AS sum, count(*) AS count, max(quantity) AS max
  FROM events
  GROUP BY account_id, metric, CAST(ts AS DATE)
),
latest AS (
  SELECT account_id, metric, CAST(ts AS DATE) AS day, ts AS last_ts, quantity AS last_quantity
  FROM events
  QUALIFY row_number() OVER (PARTITION BY account_id, metric, CAST(ts AS DATE) ORDER BY ts DESC, quantity DESC) = 1
)
SELECT d.account_id,
       d.metric,
       strftime(d.day, '%Y-%m-%d') AS day,
       CAST(d.sum AS VARCHAR) AS sum,
       d.count,
       CAST(d.max AS VARCHAR) AS max,
       strftime(l.last_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS last_ts,
       CAST(l.last_quantity AS VARCHAR) AS last_quantity,
       'duckdb:usage_events' AS source
FROM daily d
JOIN latest l ON l.account_id = d.account_id AND l.metric = d.metric AND l.day = d.day
ORDER BY d.account_id, d.metric, d.day;
