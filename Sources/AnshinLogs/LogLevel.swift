/// A log level, normalised across languages and libraries (`WARNING`, `warn`, `W` are ``warn``).
public enum LogLevel: UInt8, Sendable, Codable, CaseIterable, Comparable {
    case none, trace, debug, info, warn, error, fatal

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .none: "-"
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        }
    }

    /// Reads a level word (any case): TRACE, DEBUG, INFO, NOTICE, WARN, WARNING, ERROR, ERR, FATAL,
    /// CRITICAL, CRIT, PANIC, EMERG, ALERT, SEVERE, FINE, FINER, FINEST, VERBOSE; nil for others.
    @inline(__always)
    static func parse(_ line: LineBytes, _ span: Span) -> LogLevel? {
        let count = span.count
        guard count >= 3 && count <= 8 else { return nil }
        var word: UInt64 = 0
        var index = Int(span.start)
        while index < Int(span.end) {
            let byte = line[index]
            guard ASCII.isAlpha(byte) else { return nil }
            word = (word << 8) | UInt64(byte & 0xDF)   // upper case
            index += 1
        }
        switch word {
        case 0x5452_4143_45, 0x4649_4E45_5354, 0x5645_5242_4F53_45: return .trace        // TRACE FINEST VERBOSE
        case 0x4445_4255_47, 0x4649_4E45, 0x4649_4E45_52: return .debug                 // DEBUG FINE FINER
        case 0x494E_464F, 0x4E4F_5449_4345: return .info                                // INFO NOTICE
        case 0x5741_524E, 0x5741_524E_494E_47: return .warn                             // WARN WARNING
        case 0x4552_524F_52, 0x4552_52, 0x5345_5645_5245: return .error                 // ERROR ERR SEVERE
        case 0x4641_5441_4C, 0x4352_4954_4943_414C, 0x4352_4954, 0x5041_4E49_43, 0x454D_4552_47, 0x414C_4552_54:
            return .fatal                                                                // FATAL CRITICAL CRIT PANIC EMERG ALERT
        default: return nil
        }
    }
}
