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
}
