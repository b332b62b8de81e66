# Background jobs (Sidekiq) still run on EC2 from the days before Fargate.

data "aws_ssm_parameter" "amzn2_ami" {
  name = "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2"
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "${local.name}-worker"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "worker" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ])

  role       = aws_iam_role.worker.name
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachment" "worker_s3" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.app_s3.arn
}

resource "aws_iam_instance_profile" "worker" {
  name = "${local.name}-worker"
  role = aws_iam_role.worker.name
}

resource "aws_security_group" "worker" {
  name        = "${local.name}-worker"
  description = "Sidekiq workers; no inbound traffic"
  vpc_id      = aws_vpc.main.id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_launch_template" "worker" {
  name_prefix            = "${local.name}-worker-"
  image_id               = data.aws_ssm_parameter.amzn2_ami.value
  instance_type          = var.worker_instance_type
  vpc_security_group_ids = [aws_security_group.worker.id]

  iam_instance_profile {
    name = aws_iam_instance_profile.worker.name
  }

  monitoring {
    enabled = local.is_prd
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
      volume_type = "gp3"
      encrypted   = true
    }
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    yum install -y docker
    systemctl enable --now docker

    INSTANCE_ID=$(curl -s http://169.254.169.254/latest/meta-data/instance-id)
    REGISTRY=${split("/", aws_ecr_repository.app.repository_url)[0]}
    aws ecr get-login-password --region ${var.region} | docker login --username AWS --password-stdin "$REGISTRY"

    docker run -d --restart=always --name worker \
      -e ACME_ENV=${var.env} \
      -e AWS_REGION=${var.region} \
      -e DATABASE_HOST=${aws_db_instance.main.address} \
      -e REDIS_URL=redis://${aws_elasticache_cluster.redis.cache_nodes[0].address}:6379/0 \
      --log-driver=awslogs \
      --log-opt awslogs-group=${aws_cloudwatch_log_group.app["worker"].name} \
      --log-opt awslogs-stream="$${INSTANCE_ID}" \
      ${aws_ecr_repository.app.repository_url}:${var.app_image_tag} \
      bundle exec sidekiq -C config/sidekiq.yml
  EOT
  )

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.common_tags, { Name = "${local.name}-worker" })
  }
}

resource "aws_autoscaling_group" "worker" {
  name                = "${local.name}-worker"
  min_size            = var.worker_count
  max_size            = var.worker_count + 1
  desired_capacity    = var.worker_count
  vpc_zone_identifier = aws_subnet.private[*].id
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.worker.id
    version = "$Latest"
  }

  instance_refresh {
    strategy = "Rolling"
  }

  # default_tags do not reach instances launched by an ASG.
  dynamic "tag" {
    for_each = merge(local.common_tags, { Name = "${local.name}-worker" })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
