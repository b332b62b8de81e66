resource "aws_ebs_volume" "data" {
  availability_zone = "ap-northeast-1a"
  size              = 100
  encrypted         = true
}

# Made from a snapshot without saying: it takes the snapshot's encryption, unknown here.
resource "aws_ebs_volume" "restored" {
  availability_zone = "ap-northeast-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}
