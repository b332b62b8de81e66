resource "aws_kms_key" "data" {
  description         = "application data"
  enable_key_rotation = true
}

# AWS cannot rotate asymmetric, HMAC or disabled keys automatically.
resource "aws_kms_key" "signing" {
  description              = "release signing"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "hmac" {
  description              = "webhook signatures"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_kms_key" "retired" {
  description = "old data"
  is_enabled  = false
}
