//go:build oracle

package oracle

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const statC = LibxlPrelude + `
#include <sys/stat.h>
int main(int argc, char **argv) {
	for (int i = 1; i < argc; i++) {
		struct stat st;
		printf("%s\n", stat(argv[i], &st) ? "missing" : S_ISBLK(st.st_mode) ? "block" : S_ISCHR(st.st_mode) ? "char" : "file");
	}
	return 0;
}
`

// TestProgramCommandDir: a libxl program of every release sees the test's
// files and the machine's devices through CommandDir.
func TestProgramCommandDir(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "sub dir", "x.img")
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range Releases() {
		p := BuildLibxlProgramFor(t, v, statC)
		cmd, cleanup, err := p.CommandDir(context.Background(), dir, f, "/dev/null", filepath.Join(dir, "none"))
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.Output()
		cleanup()
		if err != nil || strings.Fields(string(out))[0] != "file" || strings.Fields(string(out))[1] != "char" || strings.Fields(string(out))[2] != "missing" {
			t.Errorf("%s: CommandDir stat = %q, %v; want file char missing", v, out, err)
		}
		plain, err := p.Command(f).Output()
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "file\n", false: "missing\n"}[p.sys.root == ""]; string(plain) != want {
			t.Errorf("%s: Command stat = %q, want %q", v, plain, want)
		}
	}
}
