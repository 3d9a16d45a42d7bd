// Package report writes lint results in the formats that editors and CI
// systems read: text (file:line:col lines), JSON, SARIF 2.1.0 (GitHub code
// scanning), GitHub Actions workflow commands, GitLab Code Quality JSON
// and Checkstyle XML. Every format says which Xen release(s) the findings
// were judged against.
//
// Columns: text and JSON count bytes from 1 (as go vet and gofmt do);
// SARIF, GitHub, GitLab and Checkstyle count Unicode code points, as their
// consumers display characters.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

// File is the outcome of linting one file.
type File struct {
	// Path is the file as given or found (or the --stdin-filename).
	Path string
	// Src is the content that was linted; the writers that count code
	// points, and the fingerprints, read it.
	Src []byte
	// Diags are the findings that were not suppressed, sorted.
	Diags diag.List
	// Suppressed counts the findings silenced by xldisk:ignore comments.
	Suppressed int
	// Err is set when the file could not be read or used at all.
	Err error
	// Stdin marks the standard input read without a --stdin-filename:
	// SARIF then does not present it as a file under the root.
	Stdin bool
}

// Meta is what a report says about the run as a whole.
type Meta struct {
	// ToolVersion is xldisk's version ("" when unknown).
	ToolVersion string
	// Xen are the Xen releases the findings were judged against, oldest
	// first; empty means release.Default.
	Xen []release.Version
	// Root is the directory that SARIF, GitLab and Checkstyle paths are
	// relative to (the repository root); "" means the current directory.
	Root string
	// MaxSARIFResults caps the results of one SARIF run; 0 means
	// MaxSARIFResults (GitHub code scanning rejects more). The rest are
	// counted in a tool execution notification.
	MaxSARIFResults int
	// Verbose makes the text summary line appear even when there is
	// nothing to report.
	Verbose bool
}

// MaxSARIFResults is the default cap of results in one SARIF run: the
// limit of GitHub code scanning.
const MaxSARIFResults = 25000

// xen returns the releases judged, never empty.
func (m Meta) xen() []release.Version {
	if len(m.Xen) == 0 {
		return []release.Version{release.Default}
	}
	return m.Xen
}

// xenStrings returns the releases judged as strings ("4.20").
func (m Meta) xenStrings() []string { return versionStrings(m.xen()) }

func versionStrings(vs []release.Version) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// Judged renders the releases judged: "Xen 4.22", "Xen 4.17-4.19, 4.22".
func (m Meta) Judged() string { return "Xen " + release.FormatSet(m.xen()) }

// Writer writes files in one format.
type Writer func(w io.Writer, files []File, meta Meta) error

// writers are the formats by name.
var writers = map[string]Writer{
	"text":       WriteText,
	"json":       WriteJSON,
	"sarif":      WriteSARIF,
	"github":     WriteGitHub,
	"gitlab":     WriteGitLab,
	"checkstyle": WriteCheckstyle,
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(writers))
	for n := range writers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the writer of a format name.
func Lookup(format string) (Writer, error) {
	w, ok := writers[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	return w, nil
}

// Write writes files in the named format.
func Write(w io.Writer, format string, files []File, meta Meta) error {
	wr, err := Lookup(format)
	if err != nil {
		return err
	}
	return wr(w, files, meta)
}

// ReleaseNote returns " [Xen 4.20 only]" for a finding that holds for
// some of the judged releases only (Releases set and not all of them),
// or "".
func ReleaseNote(d diag.Diagnostic, meta Meta) string {
	if len(d.Releases) == 0 || sameReleases(d.Releases, meta.xen()) {
		return ""
	}
	return " [Xen " + release.FormatSet(d.Releases) + " only]"
}

func sameReleases(a, b []release.Version) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Or() != b[i].Or() {
			return false
		}
	}
	return true
}

// message is the message with its advice, as SARIF, GitHub, GitLab and
// Checkstyle show it: "message (advice)".
func message(d diag.Diagnostic) string {
	if a := d.Advice(); a != "" {
		return d.Message + " (" + a + ")"
	}
	return d.Message
}

// Line renders a finding as a text line:
// "file:line:col: severity: message (advice) [RULE]" plus ReleaseNote;
// "file: ..." when the finding has no place in the file.
func Line(path string, d diag.Diagnostic, meta Meta) string {
	loc := path
	if d.Range.InFile() {
		loc += ":" + d.Range.Start.String()
	}
	return loc + ": " + d.Error() + ReleaseNote(d, meta)
}

// WriteText writes one Line per finding and, when there is a finding or
// an unreadable file (or meta.Verbose), a summary line:
// "xldisk: 3 findings (1 error, 2 warnings) in 2 of 5 files; judged against Xen 4.22".
// Unreadable files are not listed (the command reports them on stderr).
func WriteText(w io.Writer, files []File, meta Meta) error {
	for _, f := range files {
		for _, d := range f.Diags {
			if _, err := fmt.Fprintln(w, Line(f.Path, d, meta)); err != nil {
				return err
			}
		}
	}
	s := Summarize(files)
	if s.Findings() == 0 && s.Unreadable == 0 && !meta.Verbose {
		return nil
	}
	_, err := fmt.Fprintln(w, s.Line(meta))
	return err
}

// Summary counts what a report holds.
type Summary struct {
	// Files counts the files, readable or not; WithFindings those with at
	// least one finding; Unreadable those with Err.
	Files, WithFindings, Unreadable int
	// Errors, Warnings and Infos count the findings by severity.
	Errors, Warnings, Infos int
	// Suppressed counts the suppressed findings.
	Suppressed int
}

// Summarize counts files and findings.
func Summarize(files []File) Summary {
	var s Summary
	for _, f := range files {
		s.Files++
		s.Suppressed += f.Suppressed
		if f.Err != nil {
			s.Unreadable++
		}
		if len(f.Diags) > 0 {
			s.WithFindings++
		}
		for _, d := range f.Diags {
			switch d.Severity {
			case diag.Error:
				s.Errors++
			case diag.Warning:
				s.Warnings++
			default:
				s.Infos++
			}
		}
	}
	return s
}

// Findings is the number of findings.
func (s Summary) Findings() int { return s.Errors + s.Warnings + s.Infos }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Line renders the summary as one line.
func (s Summary) Line(meta Meta) string {
	var b strings.Builder
	b.WriteString("xldisk: ")
	b.WriteString(plural(s.Findings(), "finding", "findings"))
	var parts []string
	if s.Errors > 0 {
		parts = append(parts, plural(s.Errors, "error", "errors"))
	}
	if s.Warnings > 0 {
		parts = append(parts, plural(s.Warnings, "warning", "warnings"))
	}
	if s.Infos > 0 {
		parts = append(parts, fmt.Sprintf("%d info", s.Infos))
	}
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	fmt.Fprintf(&b, " in %d of %s", s.WithFindings, plural(s.Files, "file", "files"))
	if s.Unreadable > 0 {
		fmt.Fprintf(&b, ", %d unreadable", s.Unreadable)
	}
	if s.Suppressed > 0 {
		fmt.Fprintf(&b, ", %d suppressed", s.Suppressed)
	}
	b.WriteString("; judged against " + meta.Judged())
	return b.String()
}

// runeColumn converts a byte-based file position to a 1-based code point
// column. Without the source (or with a position outside it) it keeps the
// byte column.
func runeColumn(src []byte, p diag.Pos) int {
	if src == nil || p.Offset > len(src) {
		return p.Column
	}
	lineStart := p.Offset - (p.Column - 1)
	if lineStart < 0 || lineStart > p.Offset {
		return p.Column
	}
	return utf8.RuneCount(src[lineStart:p.Offset]) + 1
}

// ruleOf returns the catalogue entry of a diagnostic's rule (the zero
// Rule, with the id, for an unregistered one).
func ruleOf(d diag.Diagnostic) diag.Rule {
	r, ok := diag.Lookup(d.Rule)
	if !ok {
		r.ID = d.Rule.String()
	}
	return r
}
