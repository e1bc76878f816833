-- Usage rollup for Billing Reviewer (docs/rollup/README.md), Snowflake.
-- Reads USAGE_EVENTS (ACCOUNT_ID VARCHAR, METRIC VARCHAR, QUANTITY NUMBER(38,12) or VARCHAR holding an
-- exact decimal, TS TIMESTAMP_TZ or TIMESTAMP_NTZ in UTC). Writes one row per account, metric and UTC day.
-- NUMBER(38,12) sums stay exact (never FLOAT); TO_VARCHAR of a NUMBER prints its exact digits.
-- Timestamps are cut to milliseconds as the book stores them; the latest record of a day is the one
-- with the greatest ts, ties broken by the larger quantity (rating.md `last`).
-- Export: COPY INTO @stage/rollup.csv FROM (<this query>) FILE_FORMAT = (TYPE = CSV) HEADER = TRUE SINGLE = TRUE;
WITH events AS (
  SELECT account_id,
         metric,
         CAST(quantity AS NUMBER(38, 12)) AS quantity,
         DATE_TRUNC('millisecond', CONVERT_TIMEZONE('UTC', ts)::TIMESTAMP_NTZ) AS ts
  FROM usage_events
),
daily AS (
  SELECT account_id, metric, TO_DATE(ts) AS day,
         SUM(quantity) AS sum, COUNT(*) AS count, MAX(quantity) AS max
  FROM events
  GROUP BY account_id, metric, TO_DATE(ts)
),
latest AS (
  SELECT account_id, metric, TO_DATE(ts) AS day, ts AS last_ts, quantity AS last_quantity
  FROM events
  QUALIFY ROW_NUMBER() OVER (PARTITION BY account_id, metric, TO_DATE(ts) ORDER BY ts DESC, quantity DESC) = 1
)
SELECT d.account_id,
       d.metric,
       TO_VARCHAR(d.day, 'YYYY-MM-DD') AS day,
       TO_VARCHAR(d.sum) AS sum,
       d.count,
       TO_VARCHAR(d.max) AS max,
       TO_VARCHAR(l.last_ts, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"') AS last_ts,
       TO_VARCHAR(l.last_quantity) AS last_quantity,
       'snowflake:usage_events' AS source
FROM daily d
JOIN latest l ON l.account_id = d.account_id AND l.metric = d.metric AND l.day = d.day
ORDER BY d.account_id, d.metric, d.day;
