resource "aws_s3_bucket" "data_v3" {
  bucket = "acme-data-v3"
  # expect below
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme-data-v3/*"
      }]
    }
  EOT
}
