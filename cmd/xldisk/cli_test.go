package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// verbs are the commands of the CLI.
var verbs = []string{"lint", "fmt", "parse", "explain", "qemu", "rules", "version", "completion", "man", "lsp"}

// TestVersion checks --version and the version verb.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, errOut, code := runCLI(args...)
		if code != 0 || out != "xldisk "+Version()+"\n" || errOut != "" {
			t.Errorf("%v: status %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if Version() == "" {
		t.Error("empty version")
	}
}

// TestHelp checks that -h, --help and "help CMD" print the verb's help on
// stdout with exit 0.
func TestHelp(t *testing.T) {
	for _, v := range verbs {
		for _, args := range [][]string{{v, "-h"}, {v, "--help"}, {"help", v}} {
			out, errOut, code := runCLI(args...)
			if code != 0 || errOut != "" || !strings.Contains(out, "Usage:") || !strings.Contains(out, "xldisk "+v) {
				t.Errorf("%v: status %d, stderr %q, stdout:\n%s", args, code, errOut, out)
			}
		}
	}
	out, _, code := runCLI("help")
	if code != 0 || !strings.Contains(out, "Available Commands:") {
		t.Errorf("help: %d\n%s", code, out)
	}
	out, _, _ = runCLI("help", "lint")
	if !strings.Contains(out, "--fail-on") || !strings.Contains(out, "--stdin-filename") {
		t.Errorf("help lint does not describe lint:\n%s", out)
	}
}

// TestUsageErrors checks that usage errors go to stderr with exit 2 and
// nothing on stdout.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage:"},
		{[]string{"frobnicate"}, "unknown command \"frobnicate\""},
		{[]string{"lint", "--no-such-flag", "x.cfg"}, "xldisk lint: unknown flag: --no-such-flag"},
		{[]string{"lint", "--format=xml", "x.cfg"}, "--format: unknown format \"xml\""},
		{[]string{"lint", "--fail-on=fatal", "x.cfg"}, "--fail-on: unknown fail-on \"fatal\""},
		{[]string{"lint", "--xen=3.0", "x.cfg"}, "--xen:"},
		{[]string{"lint", "--select=XLD999", "x.cfg"}, "--select: unknown rule \"XLD999\""},
		{[]string{"lint", "-d", "x.cfg"}, "add --fix"},
		{[]string{"parse", "--xen=4.17,4.20", "/x,,xvda"}, "one release at a time"},
		{[]string{"explain", "--xen=4.17-4.22", "/x,,xvda"}, "one release at a time"},
		{[]string{"fmt", "-w", "-d", "x.cfg"}, "exclusive"},
		{[]string{"parse"}, "Usage:"},
		{[]string{"explain"}, "Usage:"},
		{[]string{"qemu"}, "Usage:"},
		{[]string{"lint"}, "Usage:"},
		{[]string{"fmt"}, "Usage:"},
		{[]string{"version", "extra"}, "unexpected argument"},
	} {
		out, errOut, code := runCLI(tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: status %d, stdout %q, stderr %q (want 2, nothing, %q)", tc.args, code, out, errOut, tc.want)
		}
	}
}

// TestExplainFile checks that explain does not take a config file for a
// disk spec.
func TestExplainFile(t *testing.T) {
	inRoot(t)
	_, errOut, code := runCLI("explain", "examples/hvm-ide.cfg")
	if code != 2 || !strings.Contains(errOut, "run xldisk lint examples/hvm-ide.cfg") {
		t.Errorf("status %d, stderr %q", code, errOut)
	}
}

// TestCompletion checks that each shell's completion script is produced.
func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_xldisk", "zsh": "#compdef xldisk", "fish": "complete -c xldisk"} {
		out, errOut, code := runCLI("completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("completion %s: status %d, stderr %q, %d bytes without %q", shell, code, errOut, len(out), want)
		}
	}
}

// TestFlagsAnywhere checks that flags after the paths are flags, and
// that "--" ends them.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/g.cfg"
	os.WriteFile(p, []byte(cleanCfg), 0o644)
	out, errOut, code := runCLI("lint", p, "--format=json")
	if code != 0 || !strings.HasPrefix(out, "{\n") || errOut != "" {
		t.Errorf("lint PATH --format=json: %d %q %q", code, out, errOut)
	}
	out1, _, _ := runCLI("parse", "--canonical", "/x,,xvda")
	out2, _, _ := runCLI("parse", "/x,,xvda", "--canonical")
	if out1 == "" || out1 != out2 {
		t.Errorf("parse SPEC --canonical: %q vs %q", out2, out1)
	}
	var o, e bytes.Buffer
	if code := run([]string{"parse", "--", "-x,,xvda"}, &o, &e); code != 0 || !strings.Contains(o.String(), `"pdev_path":"-x"`) {
		t.Errorf("parse -- -x,,xvda: %d %q %q", code, o.String(), e.String())
	}
}

// TestMan checks the manual page: a roff page with every command, that
// man(1) renders without a warning when groff is here.
func TestMan(t *testing.T) {
	out, errOut, code := runCLI("man")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, ".TH XLDISK 1 ") {
		t.Fatalf("status %d, stderr %q, out:\n%.200s", code, errOut, out)
	}
	for _, v := range verbs {
		if v != "man" && !strings.Contains(out, ".SS xldisk "+v) {
			t.Errorf("no section for %s", v)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, ".") && !regexp.MustCompile(`^\.(TH|SH|SS|PP|nf|fi|B|I|BR|TP) ?`).MatchString(line) {
			t.Errorf("stray request %q", line)
		}
	}
	if _, err := exec.LookPath("groff"); err == nil {
		cmd := exec.Command("groff", "-man", "-Tutf8", "-ww", "-z")
		cmd.Stdin = strings.NewReader(out)
		if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
			t.Errorf("groff: %v\n%s", err, msg)
		}
	}
}

// TestGoStyleFlags checks that the one-dash long flags of earlier
// versions still work (a fragment starting with '-' still needs "--"
// before it, as it always did).
func TestGoStyleFlags(t *testing.T) {
	out1, _, code := runCLI("parse", "-canonical", "/x,,xvda")
	out2, _, _ := runCLI("parse", "--canonical", "/x,,xvda")
	if code != 0 || out1 != out2 {
		t.Errorf("-canonical: %d %q, want %q", code, out1, out2)
	}
	p := writeFile(t, t.TempDir()+"/g.cfg", syntaxErrorCfg)
	if out, _, code := runCLI("lint", "-format=json", "-fail-on=never", p); code != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("-format=json -fail-on=never: %d %q", code, out)
	}
	if _, _, code := runCLI("lint", "-nosuchflag", p); code != 2 {
		t.Errorf("-nosuchflag: status %d", code)
	}
}
