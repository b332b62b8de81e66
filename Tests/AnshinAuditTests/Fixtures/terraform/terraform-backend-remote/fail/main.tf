terraform { # expect
  required_version = "~> 1.9"
}
