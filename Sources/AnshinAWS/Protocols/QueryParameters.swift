/// Builds the form parameters of query and EC2 calls, whose list and map encodings differ:
/// the query protocol writes `Name.member.1`, EC2 writes `Name.1`.
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)] = []
    public let wireProtocol: AWSService.WireProtocol

    public init(for service: AWSService, _ values: [String: String] = [:]) {
        wireProtocol = service.wireProtocol
        for key in values.keys.sorted() { pairs.append((key, values[key]!)) }
    }

    /// Adds `name=value`.
    public mutating func set(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    /// Adds a list: `Name.member.N` (query) or `Name.N` (EC2), numbered from 1.
    public mutating func list(_ name: String, _ values: [String]) {
        for (offset, value) in values.enumerated() { pairs.append((listKey(name, offset + 1), value)) }
    }

    /// Adds a list of structures: `Name.member.N.Field` (query) or `Name.N.Field` (EC2). EC2
    /// filters are `list("Filter", [["Name": "tag:env"], …])` with values added by `list` on
    /// `"Filter.N.Value"`.
    public mutating func structures(_ name: String, _ values: [[String: String]]) {
        for (offset, value) in values.enumerated() {
            for field in value.keys.sorted() { pairs.append(("\(listKey(name, offset + 1)).\(field)", value[field]!)) }
        }
    }

    /// The key of item `index` of list `name`.
    public func listKey(_ name: String, _ index: Int) -> String {
        wireProtocol == .ec2Query ? "\(name).\(index)" : "\(name).member.\(index)"
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.wireProtocol == rhs.wireProtocol && lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }
}
