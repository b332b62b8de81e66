import Foundation

/// Terraform's filesystem functions. Relative paths start at the environment's base directory
/// (Terraform's working directory, the root module), as `path.module`-relative paths do in
/// Terraform when it runs in the root module. Files are read, never written.
enum FilesystemFunctions {
    static let all: [Function] = [
        Function("abspath", arity: 1...1) { args, env throws(FunctionError) in
            .string(resolve(try Arguments.string(args[0], "path"), env))
        },
        Function("basename", arity: 1...1) { args, _ throws(FunctionError) in .string(basename(try Arguments.string(args[0], "path"))) },
        Function("dirname", arity: 1...1) { args, _ throws(FunctionError) in .string(dirname(try Arguments.string(args[0], "path"))) },
        Function("pathexpand", arity: 1...1) { args, _ throws(FunctionError) in
            let path = try Arguments.string(args[0], "path")
            guard path == "~" || path.hasPrefix("~/") else { return .string(path) }
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return .string(home + path.dropFirst())
        },
        Function("file", arity: 1...1) { args, env throws(FunctionError) in
            .string(try readText(try Arguments.string(args[0], "path"), env, function: "file"))
        },
        Function("fileexists", arity: 1...1) { args, env throws(FunctionError) in
            var isDirectory: ObjCBool = false
            let path = resolve(try Arguments.string(args[0], "path"), env)
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue { throw FunctionError("Invalid function argument: \(path) is a directory, not a file") }
            return .bool(exists)
        },
        Function("fileset", arity: 2...2) { args, env throws(FunctionError) in
            let directory = resolve(try Arguments.string(args[0], "path"), env)
            let pattern = try Arguments.string(args[1], "pattern")
            let patterns = Glob.expandBraces(pattern)
            var matches: [Value] = []
            let enumerator = FileManager.default.enumerator(atPath: directory)
            while let relative = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory)
                if !exists || isDirectory.boolValue { continue }
                if patterns.contains(where: { Glob.matches(pattern: $0, path: relative) }) { matches.append(.string(relative)) }
            }
            return Value.makeSet(matches)
        },
        Function("filebase64", arity: 1...1) { args, env throws(FunctionError) in
            .string(try readData(try Arguments.string(args[0], "path"), env, function: "filebase64").base64EncodedString())
        },
        Function("templatefile", arity: 2...2) { args, env throws(FunctionError) in
            try templatefile(args, env)
        },
    ]

    static func resolve(_ path: String, _ env: FunctionEnvironment) -> String {
        let base = URL(fileURLWithPath: env.baseDirectory, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }

    static func readData(_ path: String, _ env: FunctionEnvironment, function: String) throws(FunctionError) -> Data {
        let resolved = resolve(path, env)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw FunctionError("Invalid function argument: no file exists at \(Value.quote(path)); this function works only with files that are distributed as part of the configuration source code")
        }
        return data
    }

    static func readText(_ path: String, _ env: FunctionEnvironment, function: String) throws(FunctionError) -> String {
        let data = try readData(path, env, function: function)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FunctionError("Invalid function argument: contents of \(Value.quote(path)) are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead")
        }
        return text
    }

    static func basename(_ path: String) -> String {
        if path.isEmpty { return "." }
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed == "/" { return "/" }
        return String(trimmed.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        var directory = String(path[..<slash])
        if directory.isEmpty { return "/" }
        // filepath.Clean of the directory part.
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        let absolute = directory.hasPrefix("/")
        var parts: [Substring] = []
        for part in directory.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func templatefile(_ args: [Value], _ env: FunctionEnvironment) throws(FunctionError) -> Value {
        let path = try Arguments.string(args[0], "path")
        let text = try readText(path, env, function: "templatefile")
        let variables = try Arguments.mapping(args[1], "vars")
        let template: Template
        do throws(HCLError) {
            template = try HCLFile.parseTemplate(text, path: path)
        } catch {
            throw FunctionError("Invalid template: \(error.description)")
        }
        var functions = env.functions
        functions.functions["templatefile"] = Function("templatefile", arity: 2...2) { _, _ throws(FunctionError) in
            throw FunctionError("Recursive templatefile call: cannot recursively call templatefile from inside templatefile")
        }
        let context = EvaluationContext(scope: variables, functions: functions, baseDirectory: env.baseDirectory, filePath: path)
        do throws(EvaluationError) {
            return try Evaluator(context: context).evaluate(template)
        } catch {
            throw FunctionError("Error in template: \(error.description)")
        }
    }
}

/// Glob matching with Terraform's `fileset` rules: `*` and `?` stay within one path segment,
/// `**` spans segments, `[...]` is a class, `{a,b}` alternatives.
enum Glob {
    static func expandBraces(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [pattern] }
        let prefix = pattern[..<open], suffix = pattern[pattern.index(after: close)...]
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { expandBraces(String(prefix) + $0 + String(suffix)) }
    }

    static func matches(pattern: String, path: String) -> Bool {
        match(pattern.split(separator: "/").map(String.init)[...], path.split(separator: "/").map(String.init)[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            for skip in 0...path.count where match(pattern.dropFirst(), path.dropFirst(skip)) { return true }
            return false
        }
        guard let segment = path.first, matchSegment(Array(first)[...], Array(segment)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func matchSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        switch head {
        case "*":
            for skip in 0...text.count where matchSegment(pattern.dropFirst(), text.dropFirst(skip)) { return true }
            return false
        case "?":
            return !text.isEmpty && matchSegment(pattern.dropFirst(), text.dropFirst())
        case "[":
            guard let character = text.first, let close = pattern.dropFirst().firstIndex(of: "]") else { return false }
            var set = pattern[pattern.index(after: pattern.startIndex)..<close]
            let negate = set.first == "^" || set.first == "!"
            if negate { set = set.dropFirst() }
            var found = false
            var items = Array(set)
            while !items.isEmpty {
                if items.count >= 3, items[1] == "-" {
                    if items[0] <= character && character <= items[2] { found = true }
                    items.removeFirst(3)
                } else {
                    if items[0] == character { found = true }
                    items.removeFirst()
                }
            }
            return found != negate && matchSegment(pattern[pattern.index(after: close)...], text.dropFirst())
        case "\\":
            let escaped = pattern.dropFirst()
            guard let literal = escaped.first, text.first == literal else { return false }
            return matchSegment(escaped.dropFirst(), text.dropFirst())
        default:
            return text.first == head && matchSegment(pattern.dropFirst(), text.dropFirst())
        }
    }
}
