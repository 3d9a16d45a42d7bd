package main

import (
	"bytes"
	"encoding/json"
	goldenfile "github.com/xldisk/xldisk/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/report"
)

// inRoot runs the test from the repository root, so that paths in outputs
// are the repository-relative ones a user sees.
func inRoot(t *testing.T) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir("../.."); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

// runCLI runs the CLI in-process and returns stdout, stderr and the status.
func runCLI(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/<name> (internal/golden:
// -update rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "golden", name), got)
}

// normalizeSARIF replaces the absolute repository root in SARIF output.
func normalizeSARIF(t *testing.T, s string) string {
	wd, _ := os.Getwd()
	abs, _ := filepath.Abs(wd)
	return strings.ReplaceAll(s, "file://"+filepath.ToSlash(abs)+"/", "file:///ROOT/")
}

// rulesToIDs replaces the rule descriptions of a SARIF log by the rule ids,
// so that the golden file pins the results and the rule order, not the
// catalogue's wording (TestRulesDoc and TestSARIFSchema cover that).
func rulesToIDs(t *testing.T, s string) string {
	t.Helper()
	var log map[string]any
	if err := json.Unmarshal([]byte(s), &log); err != nil {
		t.Fatal(err)
	}
	driver := log["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any)
	var ids []string
	for _, r := range driver["rules"].([]any) {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	driver["rules"] = strings.Join(ids, " ")
	b, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// TestLintGolden runs "xldisk lint examples/" in every format and compares
// with the golden files. The broken examples make the status 1.
func TestLintGolden(t *testing.T) {
	inRoot(t)
	for _, format := range report.Formats() {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := runCLI("lint", "--format="+format, "examples/")
			if code != 1 {
				t.Errorf("status %d, want 1 (the broken examples); stderr: %s", code, errOut)
			}
			if errOut != "" {
				t.Errorf("stderr: %s", errOut)
			}
			switch format {
			case "sarif":
				out = rulesToIDs(t, normalizeSARIF(t, out))
			}
			golden(t, "lint/examples."+format, out)
		})
	}
}

// TestLintCleanExamples checks that the good examples have no finding at
// all, and the broken ones each have at least one error or warning.
func TestLintCleanExamples(t *testing.T) {
	inRoot(t)
	good, _ := filepath.Glob("examples/*.cfg")
	if len(good) < 6 {
		t.Fatalf("only %d example configs", len(good))
	}
	for _, f := range good {
		out, errOut, code := runCLI("lint", "--fail-on=info", f)
		if code != 0 || out != "" || errOut != "" {
			t.Errorf("%s: status %d, findings:\n%s%s", f, code, out, errOut)
		}
	}
	bad, _ := filepath.Glob("examples/broken/*.cfg")
	for _, f := range bad {
		out, _, code := runCLI("lint", "--fail-on=warning", f)
		if code != 1 || out == "" {
			t.Errorf("%s: status %d, want 1 with findings; got:\n%s", f, code, out)
		}
	}
}

func TestLintExitStatus(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("clean.cfg", "type = 'pv'\ndisk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a' ]\n")
	warn := write("warn.cfg", "type = 'p'\ndisk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a' ]\n")
	info := write("info.cfg", "builder = 'generic'\n")
	bad := write("bad.cfg", "disk = [ '/dev/vg/a,xvda,w' ]\n")
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"lint", clean}, 0},
		{[]string{"lint", warn}, 0},
		{[]string{"lint", "--fail-on=warning", warn}, 1},
		{[]string{"lint", "--fail-on=warning", info}, 0},
		{[]string{"lint", "--fail-on=info", info}, 1},
		{[]string{"lint", "--fail-on=never", bad}, 0},
		{[]string{"lint", bad, "--fail-on=never"}, 0},
		{[]string{"lint", "--ignore=XLD004", bad}, 0},
		{[]string{"lint", "--select=XLD1,XLD2", bad}, 0},
		{[]string{"lint", "--select=XLD0", bad}, 1},
		{[]string{"lint", bad}, 1},
		{[]string{"lint", clean, bad}, 1},
		{[]string{"lint", "--format=json", bad}, 1},
		{[]string{"lint"}, 2},
		{[]string{"lint", "--format=xml", clean}, 2},
		{[]string{"lint", "--fail-on=fatal", clean}, 2},
		{[]string{"lint", "--dialect=2020", clean}, 2},
		{[]string{"lint", "--colo-side=both", clean}, 2},
		{[]string{"lint", "--colo-side=secondary", "../../examples/colo-secondary.cfg"}, 0},
		{[]string{"lint", "--no-such-flag", clean}, 2},
		{[]string{"lint", filepath.Join(dir, "missing.cfg")}, 2},
		{[]string{"lint", bad, filepath.Join(dir, "missing.cfg")}, 2},
		{[]string{"lint", "--probe-host", clean}, 1}, // /dev/vg/a does not exist here
	}
	for _, tc := range tests {
		_, errOut, code := runCLI(tc.args...)
		if code != tc.want {
			t.Errorf("%v: status %d, want %d (stderr %q)", tc.args, code, tc.want, errOut)
		}
	}
}

func TestLintStdin(t *testing.T) {
	feedStdin(t, "type = \"pv\"\ndisk = [ '/dev/vg/a,xvda,w' ]\n")
	out, _, code := runCLI("lint", "-")
	if code != 1 || !strings.HasPrefix(out, "<stdin>:2:21: error: unknown value for format") {
		t.Errorf("status %d, output %q", code, out)
	}
}

// TestLintTextFormat pins the text line format.
func TestLintTextFormat(t *testing.T) {
	p := filepath.Join(t.TempDir(), "g.cfg")
	os.WriteFile(p, []byte("type = \"pv\"\ndisk = [ '/dev/vg/a,xvda,w' ]\n"), 0o644)
	out, _, _ := runCLI("lint", p)
	// The wording after the message's start belongs to diskspec.
	want := p + ":2:21: error: unknown value for format"
	line, summary, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(line, want) || !strings.HasSuffix(line, " [XLD004]") ||
		summary != "xldisk: 1 finding (1 error) in 1 of 1 file; judged against Xen "+release.Default.String()+"\n" {
		t.Errorf("got  %q\nwant %q ... [XLD004]", out, want)
	}
	out, _, _ = runCLI("lint", "--format=github", p)
	if !strings.HasPrefix(out, "::error file="+p+",line=2,col=21,endLine=2,endColumn=25,title=XLD004 unknown value for format::") {
		t.Errorf("github: %q", out)
	}
}

// TestSARIFSchema validates the SARIF output against the SARIF 2.1.0 JSON
// schema, and checks what GitHub code scanning needs.
func TestSARIFSchema(t *testing.T) {
	inRoot(t)
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	schema, err := c.Compile("testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	// The flag after the paths, as users type it.
	out, _, _ := runCLI("lint", "examples/", "xlcfg/testdata/cfgs/", "--format=sarif")
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not validate: %#v", err)
	}
	var log struct {
		Schema string `json:"$schema"`
		Runs   []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) < 10 {
		t.Errorf("only %d results", len(run.Results))
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d is %s, not %s", r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID, r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		if strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.Contains(loc.ArtifactLocation.URI, "file:") {
			t.Errorf("URI %q is not repository-relative", loc.ArtifactLocation.URI)
		}
		// A finding with no place in the file has no region at all.
		if (loc.Region.StartLine != 0 || loc.Region.StartColumn != 0) && (loc.Region.StartLine < 1 || loc.Region.StartColumn < 1) {
			t.Errorf("bad region %+v", loc.Region)
		}
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" {
			t.Errorf("rule %s has no help text", r.ID)
		}
	}
	t.Logf("SARIF: %d results, %d rules, valid against SARIF 2.1.0", len(run.Results), len(run.Tool.Driver.Rules))
}

// TestLintStdinSARIF checks that a finding in the standard input is not
// presented as a repository file: no %SRCROOT% base, a plain "stdin" URI,
// and a log that still validates against SARIF 2.1.0.
func TestLintStdinSARIF(t *testing.T) {
	inRoot(t)
	feedStdin(t, "disk=[\"x\"]\n")
	out, errOut, code := runCLI("lint", "--format=sarif", "-")
	if code != 1 {
		t.Errorf("status %d, stderr %q", code, errOut)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	schema, err := c.Compile("testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not validate: %#v", err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation map[string]any `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("no results:\n%s", out)
	}
	for _, res := range log.Runs[0].Results {
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		if _, ok := loc["uriBaseId"]; ok || loc["uri"] != "stdin" {
			t.Errorf("artifactLocation %v, want uri \"stdin\" and no uriBaseId", loc)
		}
	}
}

// TestLintNoConfigs checks that a directory with no config file in it is
// not silently a success: a note on stderr, exit status 0.
func TestLintNoConfigs(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("disk = [ 'x' ]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "other"), []byte("name = 'x'\n"), 0o644)
	clean := filepath.Join(t.TempDir(), "clean.cfg")
	os.WriteFile(clean, []byte("type = 'pv'\ndisk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a' ]\n"), 0o644)
	note := "xldisk lint: no xl config files found under " + dir + "\n"
	for _, args := range [][]string{{"lint", dir}, {"lint", "--format=json", dir, clean}} {
		out, errOut, code := runCLI(args...)
		if code != 0 || errOut != note {
			t.Errorf("%v: status %d, stderr %q, want 0 and %q", args, code, errOut, note)
		}
		if args[1] == "--format=json" && !strings.Contains(out, "clean.cfg") {
			t.Errorf("%v: output %s", args, out)
		}
	}
	_, errOut, code := runCLI("fmt", "-l", dir)
	if want := "xldisk fmt: no xl config files found under " + dir + "\n"; code != 0 || errOut != want {
		t.Errorf("fmt: status %d, stderr %q, want 0 and %q", code, errOut, want)
	}
}

// TestLintDanglingSymlink checks that a dangling *.cfg symlink found in a
// directory makes the file unreadable: exit status 2.
func TestLintDanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(dir, "gone.cfg"), filepath.Join(dir, "guest.cfg")); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	_, errOut, code := runCLI("lint", dir)
	if code != 2 || !strings.Contains(errOut, "guest.cfg") {
		t.Errorf("status %d, stderr %q; want 2 naming guest.cfg", code, errOut)
	}
}

// feedStdin makes data the process's standard input for the rest of the
// test (runCLI reads os.Stdin for the "-" path).
func feedStdin(t *testing.T, data string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	t.Cleanup(func() { os.Stdin = old; r.Close() })
	go func() {
		w.Write([]byte(data))
		w.Close()
	}()
}
