resource "aws_iam_policy" "admin" { # expect
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "everything" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "from_document" { # expect
  name   = "from-document"
  policy = data.aws_iam_policy_document.everything.json
}

resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "ops_everything" { # expect
  name = "ops-everything"
  role = aws_iam_role.ops.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_group_policy" "admins" { # expect
  name   = "admins"
  group  = "admins"
  policy = data.aws_iam_policy_document.everything.json
}

resource "aws_iam_role" "break_glass" {
  name = "break-glass"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:root" } }]
  })

  inline_policy {
    name   = "read-logs"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "logs:GetLogEvents", Resource = "*" }] })
  }

  inline_policy { # expect
    name   = "everything"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*:*", Resource = "*" }] })
  }
}
