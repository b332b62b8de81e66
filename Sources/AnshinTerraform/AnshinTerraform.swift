/// AnshinTerraform: the multi-environment Terraform wrapper (`anshin tf`), its layout doctor,
/// variable diff and `atlantis.yaml` writer, and parameters in SSM Parameter Store
/// (`anshin params`).
///
/// One Terraform directory serves many environments through `<env>.tfvars` and `<env>.tfbackend`
/// files. Where the layout is (which stacks an environment has, with which files, and where each
/// keeps its state) is `TerraformWorkspace`'s business, shared with the audit; this library
/// decides what to run and runs it. The dangerous parts of the hand-written wrapper are designed
/// out rather than documented: every environment gets its own `TF_DATA_DIR`, so switching
/// environments never meets another environment's backend settings and never offers to migrate
/// state; variable files go only to the commands that take them; protected environments ask for
/// their name before anything changes them.
///
/// Terraform runs through `Subprocess.runForwardingSignals`: its output reaches the terminal
/// unchanged, its exit status is passed through, and one Ctrl-C reaches it once, so it can release
/// its state lock.
public enum AnshinTerraform {}
