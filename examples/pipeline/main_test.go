package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADME checks that the README's library program is this program,
// byte for byte.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	const open = "```go\n"
	var blocks []string
	for rest := string(readme); ; {
		i := strings.Index(rest, open)
		if i < 0 {
			break
		}
		rest = rest[i+len(open):]
		j := strings.Index(rest, "```\n")
		if j < 0 {
			break
		}
		blocks = append(blocks, rest[:j])
		rest = rest[j:]
	}
	for _, b := range blocks {
		if strings.Contains(b, "package main") {
			if b != string(src) {
				t.Errorf("the README's program differs from examples/pipeline/main.go; copy the file into the README")
			}
			return
		}
	}
	t.Errorf("the README has no ```go block with package main")
}

// The program runs and prints the drives.
func Example() {
	main()
	// Output:
	// -drive file=/dev/vg0/guest,if=ide,index=0,media=disk,format=raw,cache=writeback
	// -drive if=none,readonly=on,id=ide-5632,file=/srv/iso/install.iso,format=raw
	// -device ide-cd,id=ide-5632,drive=ide-5632,bus=ide.1,unit=0
}
