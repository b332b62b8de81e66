# expect: 3:1 Unterminated 'if' directive
x = <<EOT
%{ if a }
yes
EOT
