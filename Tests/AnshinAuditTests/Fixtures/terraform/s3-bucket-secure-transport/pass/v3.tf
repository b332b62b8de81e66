resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::acme-data-v3", "arn:aws:s3:::acme-data-v3/*"],
        "Condition": { "Bool": { "aws:SecureTransport": "false" } }
      }]
    }
  EOT
}
