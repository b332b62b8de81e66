env         = "prd"
account_id  = "111111111111"
aws_profile = "acme-prd"

alb_5xx_threshold     = 20
latency_p95_threshold = 1.5
