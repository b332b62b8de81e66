terraform {
  # Bucket, key, lock table and profile come from <env>.tfbackend:
  #   ./terraform.sh stg init   (runs terraform init -backend-config=stg.tfbackend)
  backend "s3" {}
}
