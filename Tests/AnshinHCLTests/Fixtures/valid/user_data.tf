resource "aws_launch_template" "bastion" {
  name_prefix   = "bastion-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "t4g.nano"

  user_data = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    %{ for user in var.admins ~}
    useradd -m ${user.name}
    echo "${user.ssh_key}" >> /home/${user.name}/.ssh/authorized_keys
    %{ endfor ~}
    %{ if var.enable_ssm }
    systemctl enable --now amazon-ssm-agent
    %{ else }
    echo "SSM disabled"
    %{ endif }
    echo "$${HOME} and %%{not a directive}"
  EOT
  )

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "bastion-${var.env}" }
  }
}

resource "aws_iam_role_policy" "inline" {
  role   = aws_iam_role.bastion.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["ssm:GetParameter"],
    "Resource": "arn:aws:ssm:${var.region}:${data.aws_caller_identity.current.account_id}:parameter/${var.env}/*"
  }]
}
POLICY
}

# One-line blocks and bare labels
moved { from = aws_instance.old }
check healthcheck {
  assert { condition = true }
}
