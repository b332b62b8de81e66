/// Terraform's collection functions. Functions that only rearrange elements accept known
/// collections with unknown elements (`length`, `concat`, `element`...); the others need wholly
/// known arguments.
enum CollectionFunctions {
    static let all: [Function] = [
        Function("alltrue", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            var sawUnknown = false
            for element in try Arguments.sequence(args[0], "list") {
                if !element.isKnown { sawUnknown = true; continue }
                if !(try Arguments.bool(element, "list")) { return .bool(false) }
            }
            return sawUnknown ? .unknown(.bool) : .bool(true)
        },
        Function("anytrue", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            var sawUnknown = false
            for element in try Arguments.sequence(args[0], "list") {
                if !element.isKnown { sawUnknown = true; continue }
                if element.isNull { continue }
                if try Arguments.bool(element, "list") { return .bool(true) }
            }
            return sawUnknown ? .unknown(.bool) : .bool(false)
        },
        Function("chunklist", arity: 2...2, unknown: .shallow) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            let size = try Arguments.int(args[1], "size")
            guard size >= 0 else { throw Arguments.invalid("size", "the size argument must be positive") }
            if size == 0 { return .list([.list(elements)]) }
            return .list(stride(from: 0, to: elements.count, by: size).map {
                .list(Array(elements[$0..<Swift.min($0 + size, elements.count)]))
            })
        },
        Function("coalesce", arity: 1...Int.max, unknown: .raw) { args, _ throws(FunctionError) in
            for arg in args {
                if !arg.isKnown { return .unknownValue }
                if arg.isNull { continue }
                if case .string("") = arg.unmarked { continue }
                return arg
            }
            throw FunctionError("Invalid function argument: no non-null, non-empty-string arguments")
        },
        Function("coalescelist", arity: 1...Int.max, unknown: .shallow) { args, _ throws(FunctionError) in
            for arg in args where !arg.isNull {
                if !(try Arguments.sequence(arg, "vals")).isEmpty { return arg }
            }
            throw FunctionError("Invalid function argument: no non-null arguments")
        },
        Function("compact", arity: 1...1) { args, _ throws(FunctionError) in
            var result: [Value] = []
            for element in try Arguments.sequence(args[0], "list") where !element.isNull {
                let text = try Arguments.string(element, "list")
                if !text.isEmpty { result.append(.string(text)) }
            }
            return .list(result)
        },
        Function("concat", arity: 1...Int.max, unknown: .shallow) { args, _ throws(FunctionError) in
            var elements: [Value] = []
            var allLists = true
            for arg in args {
                elements += try Arguments.sequence(arg, "seqs")
                if case .list = arg {} else { allLists = false }
            }
            return allLists ? .list(elements) : .tuple(elements)
        },
        Function("contains", arity: 2...2, unknown: .shallow) { args, _ throws(FunctionError) in
            var sawUnknown = false
            for element in try Arguments.sequence(args[0], "list") {
                switch element.terraformEquals(args[1]) {
                case .bool(true): return .bool(true)
                case .bool(false): continue
                default: sawUnknown = true
                }
            }
            return sawUnknown || !args[1].isWhollyKnown ? .unknown(.bool) : .bool(false)
        },
        Function("distinct", arity: 1...1) { args, _ throws(FunctionError) in
            var seen: Set<Value> = []
            return .list(try Arguments.sequence(args[0], "list").filter { seen.insert($0).inserted })
        },
        Function("element", arity: 2...2, unknown: .shallow) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            let index = try Arguments.int(args[1], "index")
            guard !elements.isEmpty else { throw FunctionError("Invalid function argument: cannot use element function with an empty list") }
            guard index >= 0 else { throw Arguments.invalid("index", "cannot use a negative index") }
            return elements[index % elements.count]
        },
        Function("flatten", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            var result: [Value] = []
            var pending = Array(try Arguments.sequence(args[0], "list").reversed())
            while let value = pending.popLast() {
                if !value.isKnown { return .unknownValue }
                if let elements = value.sequenceElements { pending += elements.reversed() } else { result.append(value) }
            }
            return .tuple(result)
        },
        Function("index", arity: 2...2) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            guard let position = elements.firstIndex(where: { $0.terraformEquals(args[1]) == .bool(true) }) else {
                throw FunctionError("Invalid function argument: item not found")
            }
            return .int(position)
        },
        Function("keys", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            .list(try Arguments.mapping(args[0], "inputMap").keys.sorted().map { .string($0) })
        },
        Function("length", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            switch args[0] {
            case .string(let text): return .int(text.count)
            case .list(let elements), .tuple(let elements), .set(let elements): return .int(elements.count)
            case .map(let members), .object(let members): return .int(members.count)
            case .null: throw Arguments.invalid("value", "argument must not be null")
            default: throw Arguments.invalid("value", "collection or structural type is required, not \(args[0].typeName)")
            }
        },
        Function("lookup", arity: 2...3, unknown: .shallow) { args, _ throws(FunctionError) in
            let members = try Arguments.mapping(args[0], "inputMap")
            let key = try Arguments.string(args[1], "key")
            if let value = members[key] { return value }
            if args.count == 3 { return args[2] }
            throw FunctionError("Invalid function argument: the given key \(Value.quote(key)) is not present in the map and no default value was given")
        },
        Function("matchkeys", arity: 3...3) { args, _ throws(FunctionError) in
            let values = try Arguments.sequence(args[0], "values"), keys = try Arguments.sequence(args[1], "keys")
            let search = Set(try Arguments.sequence(args[2], "searchset"))
            guard values.count == keys.count else { throw FunctionError("Invalid function argument: length of keys and values should be equal") }
            return .list(zip(values, keys).filter { search.contains($0.1) }.map(\.0))
        },
        Function("merge", arity: 0...Int.max, unknown: .shallow) { args, _ throws(FunctionError) in
            var result: [String: Value] = [:]
            var allMaps = true
            for arg in args where !arg.isNull {
                let members = try Arguments.mapping(arg, "maps")
                if case .map = arg {} else { allMaps = false }
                result.merge(members) { _, new in new }
            }
            return allMaps && !args.isEmpty ? .map(result) : .object(result)
        },
        Function("one", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            switch elements.count {
            case 0: return .null
            case 1: return elements[0]
            default: throw FunctionError("Invalid function argument: must be a list, set, or tuple value with either zero or one elements")
            }
        },
        Function("range", arity: 1...3) { args, _ throws(FunctionError) in
            var start = Number(0), step = Number(1)
            let limit: Number
            switch args.count {
            case 1: limit = try Arguments.number(args[0], "limit")
            default:
                start = try Arguments.number(args[0], "start")
                limit = try Arguments.number(args[1], "limit")
                if args.count == 3 { step = try Arguments.number(args[2], "step") }
            }
            if step == Number(0) { throw FunctionError("Invalid function argument: step must not be zero") }
            if (step > Number(0) && start > limit) || (step < Number(0) && start < limit) {
                throw FunctionError("Invalid function argument: step must be \(step > Number(0) ? "positive" : "negative") for this range")
            }
            var result: [Value] = []
            var current = start
            while step > Number(0) ? current < limit : current > limit {
                result.append(.number(current))
                if result.count > 1024 { throw FunctionError("Invalid function argument: more than 1024 values were generated") }
                current = current + step
            }
            return .list(result)
        },
        Function("reverse", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            if case .tuple = args[0] { return .tuple(elements.reversed()) }
            return .list(elements.reversed())
        },
        Function("setintersection", arity: 1...Int.max) { args, _ throws(FunctionError) in
            var result = Set(try Arguments.sequence(args[0], "first_set"))
            for arg in args.dropFirst() { result.formIntersection(try Arguments.sequence(arg, "other_sets")) }
            return Value.makeSet(Array(result))
        },
        Function("setproduct", arity: 1...Int.max) { args, _ throws(FunctionError) in
            var product: [[Value]] = [[]]
            for arg in args {
                let elements = try Arguments.sequence(arg, "sets")
                product = product.flatMap { prefix in elements.map { prefix + [$0] } }
            }
            if args.contains(where: { if case .set = $0 { true } else { false } }) {
                return Value.makeSet(product.map { .list($0) })
            }
            return .list(product.map { .list($0) })
        },
        Function("setsubtract", arity: 2...2) { args, _ throws(FunctionError) in
            let remove = Set(try Arguments.sequence(args[1], "b"))
            return Value.makeSet(try Arguments.sequence(args[0], "a").filter { !remove.contains($0) })
        },
        Function("setunion", arity: 1...Int.max) { args, _ throws(FunctionError) in
            var result: [Value] = []
            for arg in args { result += try Arguments.sequence(arg, "sets") }
            return Value.makeSet(result)
        },
        Function("slice", arity: 3...3, unknown: .shallow) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            let start = try Arguments.int(args[1], "start_index"), end = try Arguments.int(args[2], "end_index")
            guard start >= 0 else { throw Arguments.invalid("start_index", "must be greater than or equal to 0") }
            guard end <= elements.count else { throw Arguments.invalid("end_index", "must be less than or equal to the length of the list (\(elements.count))") }
            guard start <= end else { throw Arguments.invalid("start_index", "must be less than or equal to end_index") }
            let slice = Array(elements[start..<end])
            if case .tuple = args[0] { return .tuple(slice) }
            return .list(slice)
        },
        Function("sort", arity: 1...1) { args, _ throws(FunctionError) in
            var strings: [String] = []
            for element in try Arguments.sequence(args[0], "list") {
                if element.isNull { throw Arguments.invalid("list", "given list element must not be null") }
                strings.append(try Arguments.string(element, "list"))
            }
            return .list(strings.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
                .map { .string($0) })
        },
        Function("sum", arity: 1...1) { args, _ throws(FunctionError) in
            let elements = try Arguments.sequence(args[0], "list")
            guard !elements.isEmpty else { throw FunctionError("Invalid function argument: cannot sum an empty list") }
            var total = Number(0)
            for element in elements { total = total + (try Arguments.number(element, "list")) }
            return .number(total)
        },
        Function("transpose", arity: 1...1) { args, _ throws(FunctionError) in
            var result: [String: [String]] = [:]
            let members = try Arguments.mapping(args[0], "values")
            for key in members.keys.sorted() {
                for value in try Arguments.strings(members[key] ?? .null, "values") { result[value, default: []].append(key) }
            }
            return .map(result.mapValues { .list($0.map { .string($0) }) })
        },
        Function("values", arity: 1...1, unknown: .shallow) { args, _ throws(FunctionError) in
            let members = try Arguments.mapping(args[0], "mapping")
            let ordered = members.keys.sorted().map { members[$0] ?? .null }
            if case .object = args[0] { return .tuple(ordered) }
            return .list(ordered)
        },
        Function("zipmap", arity: 2...2, unknown: .shallow) { args, _ throws(FunctionError) in
            let keys = try Arguments.sequence(args[0], "keys"), values = try Arguments.sequence(args[1], "values")
            guard keys.count == values.count else {
                throw FunctionError("Invalid function argument: number of keys (\(keys.count)) does not match number of values (\(values.count))")
            }
            var result: [String: Value] = [:]
            for (key, value) in zip(keys, values) {
                if !key.isKnown { return .unknownValue }
                result[try Arguments.string(key, "keys")] = value
            }
            if case .tuple = args[1] { return .object(result) }
            return .map(result)
        },
    ]
}
