/// Synthetic monitoring: monitors as code, probes (HTTP, TCP, TLS certificates, DNS) and the
/// conditions that judge their results.
///
/// Probes do I/O through SwiftNIO and return plain values (`ProbeResult`); conditions, the
/// configuration and health bodies are pure code over those values, tested without sockets.
public enum AnshinMonitor {}
