"""P2: the original system's preprocessing in PySpark (local mode): read the .json.bz2 members,
keep English statuses, select the fields BuzzTracker keeps, write JSON. Prints timings as JSON."""
import json
import sys
import time

started = time.time()
from pyspark.sql import SparkSession, functions as F  # noqa: E402

source, target, cores = sys.argv[1], sys.argv[2], sys.argv[3]
spark = (
    SparkSession.builder.master(f"local[{cores}]")
    .appName("buzztracker-bench")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", cores)
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
session_ready = time.time()
statuses = spark.read.option("samplingRatio", "0.05").json(f"{source}/*/*.json.bz2")
kept = statuses.where(F.col("lang") == "en").select(
    F.col("id_str").alias("id"),
    F.col("timestamp_ms"),
    F.coalesce(
        F.col("retweeted_status.extended_tweet.full_text"),
        F.col("retweeted_status.text"),
        F.col("extended_tweet.full_text"),
        F.col("text"),
    ).alias("text"),
    F.col("lang"),
    F.col("retweeted_status.id_str").alias("retweeted_id"),
    F.col("user.id_str").alias("user_id"),
    F.col("user.screen_name").alias("user_screen_name"),
    F.col("user.followers_count").alias("user_followers"),
)
kept.write.mode("overwrite").json(target)
finished = time.time()
rows = spark.read.json(target).count()
spark.stop()
print(json.dumps({"seconds_total": finished - started, "seconds_after_session": finished - session_ready, "rows": rows}))
