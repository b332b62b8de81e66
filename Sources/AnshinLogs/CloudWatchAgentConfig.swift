import Foundation

/// The CloudWatch agent configuration that ships one log file as multi-line events
/// (`multi_line_start_pattern`), and the Elastic Beanstalk predeploy hook that installs it with
/// `amazon-cloudwatch-agent-ctl -a append-config`, so stack traces stop arriving one line per event.
public struct CloudWatchAgentConfig: Sendable, Equatable {
    public var file: String
    public var logGroup: String
    public var logStream: String
    public var startPattern: String
    public var retentionDays: Int?

    /// The agent's binary and a folder for configuration it reads, as installed on Amazon Linux.
    public static let agentControl = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl"
    public static let configPath = "/opt/aws/amazon-cloudwatch-agent/etc/anshin-multiline.json"

    public init(file: String, logGroup: String, logStream: String = "{instance_id}", startPattern: String, retentionDays: Int? = nil) {
        self.file = file
        self.logGroup = logGroup
        self.logStream = logStream
        self.startPattern = startPattern
        self.retentionDays = retentionDays
    }

    struct Document: Encodable {
        var logs: Logs
        struct Logs: Encodable {
            var logs_collected: Collected
        }
        struct Collected: Encodable {
            var files: Files
        }
        struct Files: Encodable {
            var collect_list: [Entry]
        }
        struct Entry: Encodable {
            var file_path: String
            var log_group_name: String
            var log_stream_name: String
            var multi_line_start_pattern: String
            var retention_in_days: Int?
        }
    }

    /// The agent's JSON configuration (the `logs` section).
    public func json() throws(LogConfigurationError) -> String {
        let document = Document(logs: .init(logs_collected: .init(files: .init(collect_list: [
            .init(file_path: file, log_group_name: logGroup, log_stream_name: logStream,
                  multi_line_start_pattern: startPattern, retention_in_days: retentionDays),
        ]))))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        } catch {
            throw LogConfigurationError("cannot encode the agent configuration: \(error)")
        }
    }

    /// A bash script for `.platform/hooks/predeploy/` (and `.platform/confighooks/predeploy/`):
    /// writes the configuration and appends it to the running agent's, which restarts it.
    public func predeployHook() throws(LogConfigurationError) -> String {
        let config = try json()
        return """
        #!/bin/bash
        # Elastic Beanstalk predeploy hook: ship \(file) to CloudWatch Logs as multi-line events
        # (a line matching the start pattern begins an event; the lines after it, such as a stack
        # trace, belong to it). Written by `anshin logs cwagent`.
        set -euo pipefail

        config=\(CloudWatchAgentConfig.configPath)
        mkdir -p "$(dirname "$config")"
        cat > "$config" <<'ANSHIN_AGENT_CONFIG'
        \(config)ANSHIN_AGENT_CONFIG

        if [ ! -x \(CloudWatchAgentConfig.agentControl) ]; then
            echo "the CloudWatch agent is not installed; enable log streaming in the environment's settings" >&2
            exit 1
        fi
        # append-config keeps the configuration Elastic Beanstalk wrote and restarts the agent (-s).
        \(CloudWatchAgentConfig.agentControl) -a append-config -m ec2 -c "file:$config" -s

        """
    }
}
