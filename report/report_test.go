package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	goldenfile "github.com/xldisk/xldisk/internal/golden"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

// Rules of this test only (the real catalogue lives in the packages that
// report findings).
var (
	ruleSyntax = diag.Register(diag.Rule{ID: "XLD901", Severity: diag.Error, Summary: "syntax error in a disk spec",
		Why: "libxlu refuses it.", Bad: "disk = [ 'x' ]", Good: "disk = [ 'vdev=xvda' ]"})
	ruleLegacy = diag.Register(diag.Rule{ID: "XLD902", Severity: diag.Warning, Summary: "legacy emulation",
		Why: "QEMU warns.", Bad: "a", Good: "b"})
	ruleStyle = diag.Register(diag.Rule{ID: "XLD903", Severity: diag.Info, Summary: "style",
		Why: "Readers like it.", Bad: "a", Good: "b"})
)

// pos returns the file position of byte off of src.
func pos(src string, off int) diag.Pos {
	line := 1 + strings.Count(src[:off], "\n")
	col := off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	return diag.Pos{Line: line, Column: col, Offset: off}
}

// at makes a diagnostic on the first occurrence of text in src.
func at(rule diag.RuleID, path, src, text, msg string) diag.Diagnostic {
	off := strings.Index(src, text)
	if off < 0 {
		panic("no " + text)
	}
	r, _ := diag.Lookup(rule)
	return diag.Diagnostic{Rule: rule, Severity: r.Severity, Message: msg,
		Range: &diag.Range{Disk: 0, Span: diag.NoSpan, File: path, Start: pos(src, off), End: pos(src, off+len(text))}}
}

const (
	srcColon   = "name = 'g'\ndisk = [ 'format=QCOW2, vdev=xvda, target=/a' ]\n"
	srcUnicode = "disk = [ \"/dév/😀,raw,hdz\" ]\n"
	srcMulti   = "disk = [ 'vdev=xvda,\n  target=/b' ]\n"
)

// fixture is a report with one of everything: a name that looks like a
// scheme, code points beyond ASCII, a multi-line finding, a fix, a
// release-specific finding, a placeless finding, a file outside the root,
// the standard input and an unreadable file.
func fixture() ([]File, Meta) {
	p1, p2, p3 := "/repo/guest:1.cfg", "/repo/dir/u.cfg", "/elsewhere/x y.cfg"
	fix := at(ruleSyntax, p1, srcColon, "QCOW2", `format "QCOW2" is not known`)
	fix = fix.Suggest("write format=qcow2", diag.Edit{Range: *fix.Range, Text: "qcow2", FileText: "qcow2"})
	rel := at(ruleLegacy, p1, srcColon, "vdev=xvda", "emulated differently")
	rel.Releases = []release.Version{release.Xen417, release.Xen418}
	placeless := diag.Diagnostic{Rule: ruleStyle, Severity: diag.Info, Message: "no name for the guest"}
	multi := at(ruleLegacy, p3, srcMulti, "'vdev=xvda,\n  target=/b'", "spans two lines")
	files := []File{
		{Path: p1, Src: []byte(srcColon), Diags: diag.List{fix, rel}, Suppressed: 1},
		{Path: p2, Src: []byte(srcUnicode), Diags: diag.List{at(ruleSyntax, p2, srcUnicode, "z", "hd disk z is beyond hdd")}},
		{Path: p3, Src: []byte(srcMulti), Diags: diag.List{multi, placeless}},
		{Path: "<stdin>", Src: []byte(srcColon), Diags: diag.List{at(ruleStyle, "<stdin>", srcColon, "name", "style")}, Stdin: true},
		{Path: "/repo/missing.cfg", Err: errors.New("/repo/missing.cfg: no such file or directory")},
	}
	return files, Meta{ToolVersion: "1.2.3", Xen: []release.Version{release.Xen417, release.Xen418, release.Xen422}, Root: "/repo"}
}

func render(t *testing.T, format string, files []File, meta Meta) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, files, meta); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// golden compares got with testdata/golden/<name> (internal/golden:
// -update rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "golden", name), got)
}

// TestGolden pins every format's output of the fixture.
func TestGolden(t *testing.T) {
	files, meta := fixture()
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			golden(t, "fixture."+format, render(t, format, files, meta))
		})
	}
}

// TestEveryFormatNamesRelease checks that each format says which Xen
// releases it judged against, and marks the finding that holds for 4.17
// and 4.18 only.
func TestEveryFormatNamesRelease(t *testing.T) {
	files, meta := fixture()
	for _, format := range Formats() {
		out := render(t, format, files, meta)
		judged := map[string]string{"json": `"xen": [
    "4.17",
    "4.18",
    "4.22"
  ]`, "sarif": `"xenReleases": [`}[format]
		if judged == "" {
			judged = "Xen 4.17-4.18, 4.22"
		}
		if !strings.Contains(out, judged) {
			t.Errorf("%s: does not say %q:\n%s", format, judged, out)
		}
		marked := "[Xen 4.17-4.18 only]"
		if format == "json" {
			marked = `"releases": [
            "4.17",
            "4.18"
          ]`
		}
		if !strings.Contains(out, marked) {
			t.Errorf("%s: the release-specific finding is not marked:\n%s", format, out)
		}
	}
	// With one release judged and no release-specific finding, text says
	// nothing when there is nothing to report.
	if out := render(t, "text", []File{{Path: "a.cfg"}}, Meta{}); out != "" {
		t.Errorf("clean text report: %q", out)
	}
	if out := render(t, "text", []File{{Path: "a.cfg"}}, Meta{Verbose: true}); out != "xldisk: 0 findings in 0 of 1 file; judged against Xen 4.22\n" {
		t.Errorf("verbose clean text report: %q", out)
	}
}

// TestColumns checks that text and JSON count bytes while SARIF, GitHub
// and Checkstyle count code points.
func TestColumns(t *testing.T) {
	files, meta := fixture()
	files = files[1:2] // "/dév/😀,raw,hdz": z is byte column 28, code point 24
	for format, want := range map[string]string{
		"text":       "/repo/dir/u.cfg:1:28: ",
		"json":       `"column": 28,`,
		"sarif":      `"startColumn": 24,`,
		"github":     ",line=1,col=24,endLine=1,endColumn=25,",
		"checkstyle": `line="1" column="24"`,
	} {
		if out := render(t, format, files, meta); !strings.Contains(out, want) {
			t.Errorf("%s: no %q in\n%s", format, want, out)
		}
	}
}

// TestGitHubMultiLine checks that an annotation spanning lines has no
// columns.
func TestGitHubMultiLine(t *testing.T) {
	files, meta := fixture()
	out := render(t, "github", files[2:3], meta)
	if !strings.Contains(out, "::warning file=/elsewhere/x y.cfg,line=1,endLine=2,title=XLD902 legacy emulation::spans two lines [XLD902]\n") {
		t.Errorf("multi-line annotation:\n%s", out)
	}
	if !strings.Contains(out, "::notice file=/elsewhere/x y.cfg,title=XLD903 style::no name for the guest [XLD903]\n") {
		t.Errorf("placeless annotation:\n%s", out)
	}
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	s, err := c.Compile("../testdata/sarif/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// CheckSARIF validates a SARIF log against the SARIF 2.1.0 schema and
// checks what GitHub code scanning needs beyond it: every relative URI
// has no scheme, a tool version, a helpUri and a partial fingerprint for
// every result, at most 25,000 results per run.
func checkSARIF(t *testing.T, schema *jsonschema.Schema, out string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("SARIF does not validate: %#v", err)
	}
	var uris []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if u, ok := v["uri"].(string); ok {
				_, based := v["uriBaseId"]
				uris = append(uris, u)
				pu, err := url.Parse(u)
				switch {
				case err != nil:
					t.Errorf("uri %q does not parse: %v", u, err)
				case based && pu.Scheme != "":
					t.Errorf("relative uri %q parses with scheme %q", u, pu.Scheme)
				case !based && pu.Scheme != "" && pu.Scheme != "file":
					t.Errorf("uri %q has scheme %q", u, pu.Scheme)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if len(uris) == 0 {
		t.Error("no uri at all")
	}
	for _, run := range doc["runs"].([]any) {
		run := run.(map[string]any)
		driver := run["tool"].(map[string]any)["driver"].(map[string]any)
		if driver["version"] == nil {
			t.Error("no tool version")
		}
		for _, r := range driver["rules"].([]any) {
			r := r.(map[string]any)
			if !strings.HasPrefix(r["helpUri"].(string), RulesDocURL+"#xld") {
				t.Errorf("rule %v: helpUri %v", r["id"], r["helpUri"])
			}
			if tags := r["properties"].(map[string]any)["tags"].([]any); len(tags) == 0 {
				t.Errorf("rule %v: no tags", r["id"])
			}
		}
		results := run["results"].([]any)
		if len(results) > MaxSARIFResults {
			t.Errorf("%d results in one run", len(results))
		}
		for _, r := range results {
			if fp := r.(map[string]any)["partialFingerprints"]; fp == nil {
				t.Errorf("result without partialFingerprints: %v", r)
			}
		}
	}
	return doc
}

// TestSARIF validates the fixture's SARIF and checks its URIs.
func TestSARIF(t *testing.T) {
	files, meta := fixture()
	out := render(t, "sarif", files, meta)
	checkSARIF(t, sarifSchema(t), out)
	for _, want := range []string{
		`"uri": "guest%3A1.cfg",`, `"uri": "dir/u.cfg",`, `"uri": "file:///elsewhere/x%20y.cfg"`, `"uri": "stdin",`,
		`"version": "1.2.3",`, `"semanticVersion": "1.2.3",`, `"helpUri": "` + RulesDocURL + `#xld901"`,
		`"insertedContent": {`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
}

// TestSARIFCap checks that a run holds at most 25,000 results and that a
// notification counts the rest.
func TestSARIFCap(t *testing.T) {
	var src strings.Builder
	n := MaxSARIFResults + 7
	for i := 0; i < n; i++ {
		src.WriteString("x\n")
	}
	s := src.String()
	f := File{Path: "big.cfg", Src: []byte(s)}
	for i := 0; i < n; i++ {
		f.Diags = append(f.Diags, diag.Diagnostic{Rule: ruleStyle, Severity: diag.Info, Message: "m",
			Range: &diag.Range{Disk: -1, Span: diag.NoSpan, File: "big.cfg", Start: pos(s, 2*i), End: pos(s, 2*i+1)}})
	}
	out := render(t, "sarif", []File{f}, Meta{ToolVersion: "0"})
	doc := checkSARIF(t, sarifSchema(t), out)
	run := doc["runs"].([]any)[0].(map[string]any)
	if got := len(run["results"].([]any)); got != MaxSARIFResults {
		t.Errorf("%d results, want %d", got, MaxSARIFResults)
	}
	if !strings.Contains(out, `"text": "7 more results were not written`) {
		t.Error("no notification of the omitted results")
	}
}

// TestFingerprintsStable checks that SARIF and GitLab fingerprints do not
// change when lines are inserted above a finding, and differ between two
// findings on identical lines.
func TestFingerprintsStable(t *testing.T) {
	mk := func(src string) File {
		f := File{Path: "g.cfg", Src: []byte(src)}
		first := strings.Index(src, "hdz")
		second := strings.LastIndex(src, "hdz")
		for _, off := range []int{first, second} {
			f.Diags = append(f.Diags, diag.Diagnostic{Rule: ruleSyntax, Message: "m",
				Range: &diag.Range{Disk: 0, File: "g.cfg", Start: pos(src, off), End: pos(src, off+3)}})
		}
		return f
	}
	a := mk("disk = [ 'hdz' ]\ndisk += [ 'hdz' ]\n")
	b := mk("# a comment\n\nname = 'x'\ndisk = [ 'hdz' ]\ndisk += [ 'hdz' ]\n")
	c := mk("disk = [ 'hdz' ]\ndisk = [ 'hdz' ]\n")
	fp := func(f File) []string {
		p := newFingerprinter(f)
		var out []string
		for _, d := range f.Diags {
			out = append(out, p.next(d))
		}
		return out
	}
	fa, fb, fc := fp(a), fp(b), fp(c)
	if !cmp.Equal(fa, fb) {
		t.Errorf("fingerprints moved with the lines: %v vs %v", fa, fb)
	}
	if fa[0] == fa[1] || fc[0] == fc[1] {
		t.Errorf("two findings share a fingerprint: %v %v", fa, fc)
	}
	ga := render(t, "gitlab", []File{a}, Meta{})
	gb := render(t, "gitlab", []File{b}, Meta{})
	re := regexp.MustCompile(`"fingerprint": "[0-9a-f]{64}"`)
	if x, y := re.FindAllString(ga, -1), re.FindAllString(gb, -1); len(x) != 2 || !cmp.Equal(x, y) {
		t.Errorf("gitlab fingerprints %v vs %v", x, y)
	}
}

// TestGitLabShape checks the fields GitLab requires of each issue.
func TestGitLabShape(t *testing.T) {
	files, meta := fixture()
	var issues []map[string]any
	if err := json.Unmarshal([]byte(render(t, "gitlab", files, meta)), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 6 {
		t.Fatalf("%d issues, want 6", len(issues))
	}
	for _, is := range issues {
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if is["description"] == "" || is["check_name"] == "" || is["fingerprint"] == "" || loc["path"] == "" || lines["begin"] == nil {
			t.Errorf("incomplete issue %v", is)
		}
		if sev := is["severity"]; sev != "critical" && sev != "major" && sev != "info" {
			t.Errorf("severity %v", sev)
		}
	}
	if issues[0]["location"].(map[string]any)["path"] != "guest:1.cfg" {
		t.Errorf("path %v, want relative to the root", issues[0]["location"])
	}
}

// TestCheckstyleParses checks that the Checkstyle output is well-formed
// XML with every finding and the unreadable file.
func TestCheckstyleParses(t *testing.T) {
	files, meta := fixture()
	var root csRoot
	if err := xml.Unmarshal([]byte(render(t, "checkstyle", files, meta)), &root); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range root.Files {
		n += len(f.Errors)
	}
	if len(root.Files) != 5 || n != 7 {
		t.Errorf("%d files, %d errors: %+v", len(root.Files), n, root)
	}
}

// TestHelpURIAnchors checks HelpURI against the headings of
// docs/rules.md: GitHub's anchor of "## XLD901" is "xld001".
func TestHelpURIAnchors(t *testing.T) {
	doc, err := os.ReadFile("../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	heads := regexp.MustCompile(`(?m)^## (XLD[0-9]{3})$`).FindAllStringSubmatch(string(doc), -1)
	if len(heads) < 10 {
		t.Fatalf("only %d rule headings in docs/rules.md", len(heads))
	}
	for _, h := range heads {
		// GitHub's slug: lower case, spaces to '-', punctuation dropped.
		slug := strings.ToLower(h[1])
		if got := HelpURI(h[1]); got != RulesDocURL+"#"+slug {
			t.Errorf("HelpURI(%s) = %s", h[1], got)
		}
		if !strings.Contains(string(doc), "(#"+slug+")") {
			t.Errorf("docs/rules.md index does not link #%s", slug)
		}
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"guest:1.cfg":       "guest%3A1.cfg",
		"a b/c#d?e%f.cfg":   "a%20b/c%23d%3Fe%25f.cfg",
		"dir/ü.cfg":         "dir/%C3%BC.cfg",
		"plain-1_2~x.cfg":   "plain-1_2~x.cfg",
		"x:/y":              "x%3A/y",
		"semi;colon@at.cfg": "semi%3Bcolon%40at.cfg",
	} {
		got := EscapePath(in)
		if got != want {
			t.Errorf("EscapePath(%q) = %q, want %q", in, got, want)
		}
		if u, err := url.Parse(got); err != nil || u.Scheme != "" || u.Path != in {
			t.Errorf("%q parses as %+v, %v", got, u, err)
		}
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("xml"); err == nil || !strings.Contains(err.Error(), "checkstyle, github, gitlab, json, sarif, text") {
		t.Errorf("Lookup(xml) = %v", err)
	}
}

func TestTags(t *testing.T) {
	for id, want := range map[string]string{"XLD001": "disk-spec", "XLD104": "vdev-backend", "XLD207": "qemu-emulation", "XLD311": "xl-cfg", "XLD901": "other"} {
		if got := Tags(id); len(got) != 2 || got[0] != "xen" || got[1] != want {
			t.Errorf("Tags(%s) = %v, want [xen %s]", id, got, want)
		}
	}
}
