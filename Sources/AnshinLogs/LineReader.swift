import AnshinCore
import Foundation

/// Reads an input line by line, in order, on the calling thread (plain, gzip, standard input):
/// for the commands that need order (multi-line grouping) rather than speed across cores.
public enum LineReader {
    /// Calls `body` with each line (without its line ending) and its 1-based number.
    public static func forEachLine(_ input: LogInput, _ body: (LineBytes, Int) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var carry = 0
        var number = 0
        func lines(_ source: inout some ByteSource) throws {
            while true {
                if carry == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
                let count = try buffer.withUnsafeMutableBytes { raw in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[carry...]))
                }
                let available = carry + count
                var start = 0
                try buffer.withUnsafeBufferPointer { bytes in
                    var index = 0
                    while index < available {
                        if bytes[index] == ASCII.newline {
                            number += 1
                            try body(LineBytes(rebasing: bytes[start..<index]).trimmingCR, number)
                            start = index + 1
                        }
                        index += 1
                    }
                    if count == 0 && start < available {
                        number += 1
                        try body(LineBytes(rebasing: bytes[start..<available]).trimmingCR, number)
                        start = available
                    }
                }
                carry = available - start
                if carry > 0 && start > 0 {
                    buffer.withUnsafeMutableBytes { raw in
                        raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: carry)
                    }
                }
                if count == 0 { return }
            }
        }
        switch input {
        case .bytes(let name, let bytes):
            if bytes.starts(with: [0x1F, 0x8B]) {
                var source = ClassBox(try GzipSource(MemorySource(bytes: bytes, position: 0), name: name))
                try lines(&source)
            } else {
                var source = MemorySource(bytes: bytes, position: 0)
                try lines(&source)
            }
        case .file(let path):
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw LogConfigurationError("\(path): cannot open: \(SystemErrorText.describe(errno: errno))") }
            defer { close(descriptor) }
            var magic: [UInt8] = [0, 0]
            let isGzip = pread(descriptor, &magic, 2, 0) == 2 && magic == [0x1F, 0x8B]
            if isGzip {
                var source = ClassBox(try GzipSource(FileSource(descriptor: descriptor, position: 0, name: path, seekable: true), name: path))
                try lines(&source)
            } else {
                var source = FileSource(descriptor: descriptor, position: 0, name: path, seekable: false)
                try lines(&source)
            }
        case .standardInput:
            var source = FileSource(descriptor: STDIN_FILENO, position: 0, name: "standard input", seekable: false)
            try lines(&source)
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The line without a trailing carriage return.
    var trimmingCR: UnsafeBufferPointer<UInt8> {
        let end = contentEnd
        return end == count ? self : UnsafeBufferPointer(rebasing: self[0..<end])
    }
}
