#!/bin/bash
# Elastic Beanstalk predeploy hook: ship /var/app/current/log/application.log to CloudWatch Logs as multi-line events
# (a line matching the start pattern begins an event; the lines after it, such as a stack
# trace, belong to it). Written by `anshin logs cwagent`.
set -euo pipefail

config=/opt/aws/amazon-cloudwatch-agent/etc/anshin-multiline.json
mkdir -p "$(dirname "$config")"
cat > "$config" <<'ANSHIN_AGENT_CONFIG'
{
  "logs" : {
    "logs_collected" : {
      "files" : {
        "collect_list" : [
          {
            "file_path" : "/var/app/current/log/application.log",
            "log_group_name" : "/aws/elasticbeanstalk/shop-prd/application.log",
            "log_stream_name" : "{instance_id}",
            "multi_line_start_pattern" : "^.{0,40}[0-9]{4}-[0-9]{2}-[0-9]{2}.[0-9]{2}:[0-9]{2}:[0-9]{2}.[0-9]{3}",
            "retention_in_days" : 30
          }
        ]
      }
    }
  }
}
ANSHIN_AGENT_CONFIG

if [ ! -x /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl ]; then
    echo "the CloudWatch agent is not installed; enable log streaming in the environment's settings" >&2
    exit 1
fi
# append-config keeps the configuration Elastic Beanstalk wrote and restarts the agent (-s).
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a append-config -m ec2 -c "file:$config" -s
