import Testing
import GradCheck

struct KernelCommandLineTests {
    @Test func quotingIsAShellsWithoutExpansion() throws {
        #expect(try KernelCommandLine.split(#"python3  'a b' "c \" \\ \d" e\ f $HOME"# + "\t-u")
                == ["python3", "a b", #"c " \ \d"#, "e f", "$HOME", "-u"])
        #expect(try KernelCommandLine.split("''") == [""])
    }

    @Test(arguments: ["", "   ", "'unclosed", #""unclosed"#, #"trailing\"#])
    func aMalformedCommandIsAnInvalidSetting(text: String) {
        #expect(throws: GradCheckError.invalidSetting(name: "--kernel-cmd", value: text)) {
            try KernelCommandLine.split(text)
        }
    }

    /// `quote` is the inverse of `split`: `ProcessKernel.commandLine` and the
    /// printed replay commands give back the very command.
    @Test func quotedWordsSplitBack() throws {
        let words = ["python3", "my kernel.py", "it's", #"a"b\c"#, "", "--x=1,2", "$HOME"]
        #expect(try KernelCommandLine.split(words.map(KernelCommandLine.quote).joined(separator: " ")) == words)
        #expect(words.map(KernelCommandLine.quote)[0] == "python3")
    }

    @Test func aProcessKernelFromACommandLineSaysWhatIsWrong() {
        #expect(throws: GradCheckError.invalidSetting(name: "--kernel-cmd", value: "'unclosed")) {
            _ = try ProcessKernel(commandLine: "'unclosed")
        }
        #expect {
            _ = try ProcessKernel(commandLine: "/nonexistent/kernel --flag")
        } throws: { error in
            guard case .normalization(.kernelFailure(let kernel, _)) = error as? GradCheckError else { return false }
            return kernel == "/nonexistent/kernel"
        }
    }
}
