package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/xldisk/xldisk/report"
)

// chdir runs the rest of the test in dir.
func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

func writeFile(t *testing.T, p, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A config whose disk list libxlu refuses: an error on line 1, whatever
// the release.
const syntaxErrorCfg = "disk = [ 'a' 'b' ]\n"

// A config with no finding at all.
const cleanCfg = "type = 'pv'\ndisk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a' ]\n"

// TestLintStdinFilename checks that --stdin-filename names the standard
// input in every format.
func TestLintStdinFilename(t *testing.T) {
	for _, format := range report.Formats() {
		feedStdin(t, syntaxErrorCfg)
		out, errOut, code := runCLI("lint", "--format="+format, "--stdin-filename=vm/guest.cfg", "-")
		if code != 1 || !strings.Contains(out, "vm/guest.cfg") || strings.Contains(out, "stdin") {
			t.Errorf("%s: status %d, stderr %q, output:\n%s", format, code, errOut, out)
		}
	}
}

// TestLintINI checks that a walk skips an INI *.cfg (listed with
// --verbose) and that the same file named is linted.
func TestLintINI(t *testing.T) {
	dir := t.TempDir()
	setup := writeFile(t, filepath.Join(dir, "setup.cfg"), "[metadata]\nname = x\n")
	writeFile(t, filepath.Join(dir, "guest.cfg"), cleanCfg)
	out, errOut, code := runCLI("lint", dir)
	if code != 0 || out != "" || errOut != "" {
		t.Errorf("walk: status %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, errOut, _ = runCLI("lint", "--verbose", dir)
	if !strings.Contains(errOut, "skipped "+setup+": an INI file") {
		t.Errorf("--verbose: stderr %q", errOut)
	}
	out, _, code = runCLI("lint", setup)
	if code != 1 || !strings.HasPrefix(out, setup+":1:") {
		t.Errorf("named INI file: status %d, %q", code, out)
	}
	out, errOut, code = runCLI("lint", "--force-exclude", "-v", setup)
	if code != 0 || strings.Contains(out, "error") || !strings.Contains(errOut, "skipped "+setup) {
		t.Errorf("named INI file with --force-exclude: status %d, %q, %q", code, out, errOut)
	}
}

// TestLintBoundedInput checks that /dev/zero is refused (exit 2) after
// at most the size limit, quickly.
func TestLintBoundedInput(t *testing.T) {
	start := time.Now()
	out, errOut, code := runCLI("lint", "/dev/zero")
	if code != 2 || !strings.Contains(errOut, "/dev/zero: not a regular file") || !strings.Contains(out, "1 unreadable") {
		t.Errorf("status %d, stdout %q, stderr %q", code, out, errOut)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestLintConfigFile checks .xldisk.yaml: found in a parent directory,
// rules turned off or changed, excludes, fail-on, flags winning, --config,
// and a malformed file.
func TestLintConfigFile(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	writeFile(t, filepath.Join(sub, "bad.cfg"), syntaxErrorCfg)
	writeFile(t, filepath.Join(sub, "old", "bad.cfg"), syntaxErrorCfg)
	cfg := writeFile(t, filepath.Join(root, ".xldisk.yaml"), "rules:\n  XLD300: warning\nexclude: [old]\n")
	chdir(t, sub)
	out, errOut, code := runCLI("lint", ".")
	if code != 0 || !strings.Contains(out, "bad.cfg:1:") || strings.Contains(out, "old/") || !strings.Contains(out, ": warning: ") {
		t.Errorf("warning and excluded: status %d, stderr %q, out:\n%s", code, errOut, out)
	}
	if _, _, code := runCLI("lint", "--fail-on=warning", "."); code != 1 {
		t.Errorf("--fail-on=warning over the file: status %d", code)
	}
	// A named excluded file is still linted.
	if out, _, _ := runCLI("lint", "old/bad.cfg"); !strings.Contains(out, "old/bad.cfg:1:") {
		t.Errorf("named excluded file: %q", out)
	}
	writeFile(t, cfg, "rules:\n  XLD300: off\nfail-on: info\n")
	if out, _, code := runCLI("lint", "."); code != 0 || out != "" {
		t.Errorf("rule off: status %d, %q", code, out)
	}
	if out, _, code := runCLI("lint", "--select=XLD300", "."); code != 1 || out == "" {
		t.Errorf("--select wins over off: status %d, %q", code, out)
	}
	other := writeFile(t, filepath.Join(root, "other.yaml"), "fail-on: never\n")
	if out, _, code := runCLI("lint", "--config", other, "."); code != 0 || !strings.Contains(out, "error") {
		t.Errorf("--config: status %d, %q", code, out)
	}
	writeFile(t, cfg, "rules:\n  XLD300: loud\n")
	out, errOut, code = runCLI("lint", ".")
	if code != 2 || out != "" || !strings.Contains(errOut, cfg+":2:11: unknown level \"loud\"") {
		t.Errorf("malformed: status %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := runCLI("fmt", "-l", "."); code != 2 || !strings.Contains(errOut, cfg+":2:11:") {
		t.Errorf("fmt with a malformed config: status %d, stderr %q", code, errOut)
	}
}

// TestLintFix checks --fix and --fix -d on a machine-applicable fix
// (format=QCOW2 -> qcow2), and that the file keeps its mode.
func TestLintFix(t *testing.T) {
	dir := t.TempDir()
	src := "type = 'pv'\ndisk = [ 'format=QCOW2, vdev=xvda, access=rw, target=/srv/a.qcow2' ]\n"
	p := writeFile(t, filepath.Join(dir, "g.cfg"), src)
	os.Chmod(p, 0o640)
	out, errOut, code := runCLI("lint", "--fix", "-d", p)
	if code != 1 || !strings.Contains(out, "-disk = [ 'format=QCOW2,") || !strings.Contains(out, "+disk = [ 'format=qcow2,") {
		t.Fatalf("--fix -d: status %d, stderr %q, out:\n%s", code, errOut, out)
	}
	if b, _ := os.ReadFile(p); string(b) != src {
		t.Errorf("--fix -d wrote the file")
	}
	out, errOut, code = runCLI("lint", "--fix", p)
	b, _ := os.ReadFile(p)
	if string(b) != strings.Replace(src, "QCOW2", "qcow2", 1) || strings.Contains(out, "QCOW2") {
		t.Errorf("--fix: status %d, stderr %q, out %q, file:\n%s", code, errOut, out, b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode())
	}
	// Nothing left to fix.
	if out, _, code := runCLI("lint", "--fix", "-d", p); code != 0 || out != "" {
		t.Errorf("second --fix -d: status %d, %q", code, out)
	}
	// The standard input: the fixed content on stdout.
	feedStdin(t, src)
	if out, _, _ := runCLI("lint", "--fix", "-"); out != strings.Replace(src, "QCOW2", "qcow2", 1) {
		t.Errorf("--fix -: %q", out)
	}
}

// TestLintParallelOrder checks that many files linted on every core come
// out in path order, the same on every run.
func TestLintParallelOrder(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 300; i++ {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("d%d", i%7), fmt.Sprintf("g%03d.cfg", i)), syntaxErrorCfg)
	}
	first, _, code := runCLI("lint", "--format=json", dir)
	if code != 1 {
		t.Fatalf("status %d", code)
	}
	var rep struct {
		Files []struct{ Path string }
	}
	if err := json.Unmarshal([]byte(first), &rep); err != nil || len(rep.Files) != 300 {
		t.Fatalf("%v, %d files", err, len(rep.Files))
	}
	for i := 1; i < len(rep.Files); i++ {
		if rep.Files[i-1].Path >= rep.Files[i].Path {
			t.Fatalf("out of order: %s before %s", rep.Files[i-1].Path, rep.Files[i].Path)
		}
	}
	for i := 0; i < 3; i++ {
		if again, _, _ := runCLI("lint", "--format=json", dir); again != first {
			t.Fatal("output differs between runs")
		}
	}
}

// TestLintXenList checks --xen with several releases: every format
// names them.
func TestLintXenList(t *testing.T) {
	p := writeFile(t, filepath.Join(t.TempDir(), "g.cfg"), syntaxErrorCfg)
	out, _, code := runCLI("lint", "--xen=4.17,4.20-4.21", p)
	if code != 1 || !strings.HasSuffix(out, "; judged against Xen 4.17, 4.20-4.21\n") || strings.Count(out, "error:") != 1 {
		t.Errorf("status %d:\n%s", code, out)
	}
	out, _, _ = runCLI("lint", "--xen=4.17,4.20-4.21", "--format=json", p)
	if !strings.Contains(out, "\"xen\": [\n    \"4.17\",\n    \"4.20\",\n    \"4.21\"\n  ]") {
		t.Errorf("json:\n%s", out)
	}
}

// TestLintCollapse checks that an info rule is reported once per file
// (the rest counted) unless --verbose.
func TestLintCollapse(t *testing.T) {
	p := writeFile(t, filepath.Join(t.TempDir(), "g.cfg"),
		"type = 'pv'\ndisk = [ 'phy:/dev/vg/a,xvda,w', 'phy:/dev/vg/b,xvdb,w', 'phy:/dev/vg/c,xvdc,w' ]\n")
	out, _, code := runCLI("lint", "--fail-on=info", p)
	if code != 1 || strings.Count(out, "[XLD114]") != 1 || !strings.Contains(out, "(and 2 more like it in this file; --verbose lists them)") {
		t.Errorf("collapsed: status %d\n%s", code, out)
	}
	out, _, _ = runCLI("lint", "--verbose", "--format=json", p)
	if strings.Count(out, `"rule": "XLD114"`) != 3 {
		t.Errorf("--verbose:\n%s", out)
	}
}

// TestLintReleaseMarks checks that a finding of some judged releases only
// says so in every format (trusted is a flag from Xen 4.19; before, it is
// read as a second target).
func TestLintReleaseMarks(t *testing.T) {
	p := writeFile(t, filepath.Join(t.TempDir(), "g.cfg"),
		"type = 'pv'\ndisk = [ 'format=raw, vdev=xvda, access=rw, trusted, target=/dev/vg/a' ]\n")
	for _, format := range report.Formats() {
		out, _, code := runCLI("lint", "--xen=4.17-4.22", "--format="+format, p)
		want := "[Xen 4.17-4.18 only]"
		if format == "json" {
			want = "\"releases\": [\n            \"4.17\",\n            \"4.18\"\n          ]"
		}
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("%s: status %d, no %q in\n%s", format, code, want, out)
		}
	}
	if out, _, code := runCLI("lint", "--xen=4.20", p); code != 0 || out != "" {
		t.Errorf("--xen=4.20: status %d, %q", code, out)
	}
}

// TestLintSARIFSchemeLikeName checks that a file named like a URI scheme
// gets a relative SARIF URI that does not parse as one, in a log that
// validates against SARIF 2.1.0.
func TestLintSARIFSchemeLikeName(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "guest:1.cfg"), syntaxErrorCfg)
	schemaPath, _ := filepath.Abs("../../testdata/sarif/sarif-2.1.0-rtm.5.json")
	chdir(t, dir)
	out, _, code := runCLI("lint", ".", "--format=sarif")
	if code != 1 || !strings.Contains(out, `"uri": "guest%3A1.cfg",`) {
		t.Fatalf("status %d:\n%s", code, out)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	schema, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("does not validate: %#v", err)
	}
	if u, err := url.Parse("guest%3A1.cfg"); err != nil || u.Scheme != "" || u.Path != "guest:1.cfg" {
		t.Errorf("%+v %v", u, err)
	}
}
