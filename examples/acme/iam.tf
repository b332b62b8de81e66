# People sign in through IAM Identity Center in the management account
# (profiles acme-prd, acme-stg, acme-demo). The users below are older.

resource "aws_iam_account_password_policy" "main" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 24
}

# Read and write the application buckets. Used by the web task role, the
# worker instance role and the legacy app user.
resource "aws_iam_policy" "app_s3" {
  name        = "${local.name}-app-s3"
  description = "Read and write the acme-app buckets"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListBuckets"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [module.assets.arn, module.exports.arn, aws_s3_bucket.imports.arn]
      },
      {
        Sid      = "ReadWriteObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = [for arn in [module.assets.arn, module.exports.arn, aws_s3_bucket.imports.arn] : "${arn}/*"]
      },
    ]
  })
}

# --- CI deploy user ----------------------------------------------------------
# The GitHub Actions "deploy" workflow zips the chosen branch, uploads it as
# the CodeBuild source and starts the build. Its key is stored as secrets of
# the GitHub environment named after var.env.

resource "aws_iam_user" "ci_deploy" {
  name = "${local.name}-ci-deploy"
  path = "/ci/"
}

resource "aws_iam_access_key" "ci_deploy" {
  user = aws_iam_user.ci_deploy.name
}

resource "aws_iam_user_policy" "ci_deploy" {
  name = "upload-source-and-start-build"
  user = aws_iam_user.ci_deploy.name

  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "UploadSource",
          "Effect": "Allow",
          "Action": ["s3:PutObject"],
          "Resource": "${aws_s3_bucket.codebuild_artifacts.arn}/source/*"
        },
        {
          "Sid": "StartBuild",
          "Effect": "Allow",
          "Action": ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
          "Resource": "${aws_codebuild_project.app.arn}"
        }
      ]
    }
  EOT
}

# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the GitHub environment.
resource "github_actions_environment_secret" "ci_deploy" {
  for_each = toset(["ACCESS_KEY_ID", "SECRET_ACCESS_KEY"])

  repository      = var.github_app_repository
  environment     = var.env
  secret_name     = format("AWS_%s", each.key)
  plaintext_value = each.key == "ACCESS_KEY_ID" ? aws_iam_access_key.ci_deploy.id : aws_iam_access_key.ci_deploy.secret
}

# --- Legacy app user ---------------------------------------------------------
# The nightly accounting export still runs on the office server and signs in
# with this key. The demo account came later and never had it.

resource "aws_iam_user" "legacy_app" {
  count = var.env == "demo" ? 0 : 1

  name = "${local.name}-legacy-app"
}

resource "aws_iam_access_key" "legacy_app" {
  count = length(aws_iam_user.legacy_app)

  user = aws_iam_user.legacy_app[count.index].name
}

resource "aws_iam_user_policy_attachment" "legacy_app_s3" {
  count = length(aws_iam_user.legacy_app)

  user       = aws_iam_user.legacy_app[count.index].name
  policy_arn = aws_iam_policy.app_s3.arn
}

# --- Admin user --------------------------------------------------------------
# From the account's first days, before Identity Center. Kept "just in case".

resource "aws_iam_user" "admin" {
  name = "acme-admin"
}

resource "aws_iam_user_login_profile" "admin" {
  user                    = aws_iam_user.admin.name
  password_reset_required = true

  lifecycle {
    ignore_changes = [password_length, password_reset_required, pgp_key]
  }
}

resource "aws_iam_user_policy_attachment" "admin" {
  user       = aws_iam_user.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
