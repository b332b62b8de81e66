# expect: 2:10 Unterminated heredoc
policy = <<EOT
{
  "a": 1
}
 EOTX
