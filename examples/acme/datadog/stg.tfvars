env         = "stg"
account_id  = "222222222222"
aws_profile = "acme-stg"

alb_5xx_threshold     = 50
latency_p95_threshold = 3
