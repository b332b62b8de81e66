import AnshinCore
import AnshinTesting
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The one runner every child process goes through: real programs, real pipes and signals.
@Suite struct SubprocessTests {
    @Test func capturesBothOutputsAndTheExitStatus() throws {
        let result = try Subprocess("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]).run()
        #expect(result.termination == .exited(3))
        #expect(!result.termination.isSuccess)
        #expect(result.outputText == "out\n")
        #expect(result.errorText == "err\n")
        #expect(result.firstErrorLine() == "err")
    }

    /// A child that fills one pipe while the other is being read must never stop both sides.
    @Test func largeOutputsOnBothPipesDoNotDeadlock() throws {
        let script = "head -c 3000000 /dev/zero | tr '\\0' a; head -c 2000000 /dev/zero | tr '\\0' b >&2; head -c 1000000 /dev/zero | tr '\\0' c"
        let result = try Subprocess("/bin/sh", ["-c", script]).run(timeout: .seconds(60))
        #expect(result.termination.isSuccess)
        #expect(result.output.count == 4_000_000)
        #expect(result.error.count == 2_000_000)
        #expect(result.output.prefix(3_000_000).allSatisfy { $0 == UInt8(ascii: "a") })
        #expect(result.output.suffix(1_000_000).allSatisfy { $0 == UInt8(ascii: "c") })
    }

    @Test func inputIsFedWhileOutputIsRead() throws {
        let input = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let result = try Subprocess("cat", standardInput: .bytes(input)).run(timeout: .seconds(60))
        #expect(result.termination.isSuccess)
        #expect(result.output == input)
    }

    @Test func aMissingProgramIsAClearError() throws {
        #expect {
            try Subprocess("anshin-no-such-program", ["x"]).run()
        } throws: { error in
            let failure = error as? SubprocessError
            return failure?.isMissing == true
                && failure?.description == "cannot run anshin-no-such-program: anshin-no-such-program was not found on PATH"
        }
        #expect {
            try Subprocess("/nonexistent/tool").run()
        } throws: { error in
            (error as? SubprocessError)?.description == "cannot run tool: /nonexistent/tool does not exist"
        }
        #expect {
            try Subprocess("/bin/sh", workingDirectory: "/nonexistent-folder").run()
        } throws: { error in
            (error as? SubprocessError)?.reason == "the working directory /nonexistent-folder does not exist"
        }
    }

    /// A start failure outside the common few (here a program still open for writing) is told in
    /// words too, never as the C library's text or a number.
    @Test func aProgramThatCannotStartIsNamedInWords() throws {
        let folder = try TemporaryDirectory()
        let program = try folder.write("busy", "#!/bin/sh\nexit 0\n")
        #expect(chmod(program.path, 0o755) == 0)
        let writer = try FileHandle(forWritingTo: program)
        defer { try? writer.close() }
        #expect {
            try Subprocess(program.path).run()
        } throws: { error in
            let reason = (error as? SubprocessError)?.reason ?? "\(error)"
            return reason == "it is in use" && !reason.contains("Text file busy")
        }
    }

    @Test func workingDirectoryAndEnvironment() throws {
        let folder = try TemporaryDirectory()
        let environment = Subprocess.environment(adding: ["ANSHIN_TEST_VALUE": "given", "HOME": nil])
        let result = try Subprocess("/bin/sh", ["-c", "pwd; echo \"$ANSHIN_TEST_VALUE\"; echo \"${HOME-unset}\""],
                                    environment: environment, workingDirectory: folder.path).run()
        let lines = result.outputText.split(separator: "\n").map(String.init)
        #expect(URL(fileURLWithPath: lines.first ?? "").resolvingSymlinksInPath().path
                == URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path)
        #expect(lines.dropFirst() == ["given", "unset"])
    }

    @Test func aTimeoutKillsTheChildAndItsGroup() throws {
        let started = ContinuousClock.now
        // The shell's own child (sleep) holds the pipe too: only killing the group ends the read.
        let result = try Subprocess("/bin/sh", ["-c", "sleep 30; echo late"], ownProcessGroup: true)
            .run(timeout: .milliseconds(300))
        #expect(result.timedOut)
        #expect(result.termination == .signalled(SIGKILL))
        #expect(result.outputText.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aSignalledChildIsReportedAsSuch() throws {
        let result = try Subprocess("/bin/sh", ["-c", "kill -TERM $$"]).run()
        #expect(result.termination == .signalled(SIGTERM))
        #expect(result.termination.shellStatus == 128 + SIGTERM)
        #expect(result.termination.summary == "was ended by signal SIGTERM")
    }

    /// Children start with no signal blocked, whatever the test runner blocks.
    @Test func childrenDoNotInheritBlockedSignals() throws {
        let result = try Subprocess("/bin/sh", ["-c", "grep SigBlk /proc/self/status"]).run()
        #expect(result.outputText.trimmingCharacters(in: .whitespacesAndNewlines) == "SigBlk:\t0000000000000000")
    }

    @Test func extraDescriptorsReachTheChild() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let reader = FileHandle(fileDescriptor: descriptors[0], closeOnDealloc: true)
        let running = try Subprocess("/bin/sh", ["-c", "echo on-three >&3"], extraDescriptors: [3: descriptors[1]]).start()
        close(descriptors[1])
        #expect(running.wait().isSuccess)
        #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == "on-three\n")
    }

    /// A signal sent to anshin by another process reaches the child exactly once.
    @Test func forwardsATerminationSentToTheParent() throws {
        // The child asks its parent (this test process) to terminate; the parent passes it on.
        let script = "trap 'exit 7' TERM; kill -TERM $PPID; i=0; while [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; exit 1"
        let termination = try Subprocess("/bin/sh", ["-c", script], standardOutput: .discard, standardError: .discard)
            .runForwardingSignals()
        #expect(termination == .exited(7))
    }

    @Test func streamingThroughPipes() throws {
        let running = try Subprocess("/bin/sh", ["-c", "cat; echo done >&2"], standardInput: .pipe, standardOutput: .pipe,
                                     standardError: .pipe).start()
        let errors = running.collectErrorInBackground()
        running.feedInput(Array("streamed\n".utf8))
        let output = running.standardOutput?.readDataToEndOfFile() ?? Data()
        #expect(running.wait().isSuccess)
        #expect(String(decoding: output, as: UTF8.self) == "streamed\n")
        #expect(errors?.waitForText() == "done")
    }

    @Test func findLooksOnlyAtExecutableFiles() throws {
        let folder = try TemporaryDirectory()
        try folder.write("tool", "#!/bin/sh\n")
        #expect(Subprocess.find("tool", searchPath: folder.path) == nil)
        #expect(chmod(folder.url.appendingPathComponent("tool").path, 0o755) == 0)
        #expect(Subprocess.find("tool", searchPath: "/nonexistent:\(folder.path)") == folder.url.appendingPathComponent("tool").path)
    }
}
