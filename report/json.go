package report

import (
	"encoding/json"
	"io"

	"github.com/xldisk/xldisk/diag"
)

type jsonFinding struct {
	Rule       string   `json:"rule"`
	Severity   string   `json:"severity"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion,omitempty"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	EndLine    int      `json:"endLine"`
	EndColumn  int      `json:"endColumn"`
	Offset     int      `json:"offset"`
	EndOffset  int      `json:"endOffset"`
	Disk       int      `json:"disk"`
	Releases   []string `json:"releases,omitempty"`
	Fixable    bool     `json:"fixable,omitempty"`
}

type jsonFile struct {
	Path       string        `json:"path"`
	Error      string        `json:"error,omitempty"`
	Suppressed int           `json:"suppressed"`
	Findings   []jsonFinding `json:"findings"`
}

type jsonReport struct {
	Files   []jsonFile     `json:"files"`
	Summary map[string]int `json:"summary"`
	Xen     []string       `json:"xen"`
	Version string         `json:"version,omitempty"`
}

// WriteJSON writes one indented JSON document:
// {"files": [{"path", "error", "suppressed", "findings": [...]}],
// "summary": {"files", "error", "warning", "info", "unreadable"},
// "xen": ["4.22"], "version"}. A finding has rule, severity, message,
// suggestion, 1-based line and column (bytes; 0 when the finding has no
// place in the file), endLine, endColumn, byte offset and endOffset, the
// disk index (-1 when not about a disk), the releases it holds for (when
// only some of the judged ones) and fixable (a machine-applicable fix
// exists: xldisk lint --fix applies it).
func WriteJSON(w io.Writer, files []File, meta Meta) error {
	rep := jsonReport{Files: []jsonFile{}, Summary: map[string]int{"files": 0, "error": 0, "warning": 0, "info": 0, "unreadable": 0},
		Xen: meta.xenStrings(), Version: meta.ToolVersion}
	for _, f := range files {
		jf := jsonFile{Path: f.Path, Suppressed: f.Suppressed, Findings: []jsonFinding{}}
		rep.Summary["files"]++
		if f.Err != nil {
			jf.Error = f.Err.Error()
			rep.Summary["unreadable"]++
		}
		for _, d := range f.Diags {
			rep.Summary[d.Severity.String()]++
			jd := jsonFinding{Rule: d.Rule.String(), Severity: d.Severity.String(), Message: d.Message,
				Suggestion: d.Advice(), Disk: d.Disk(), Fixable: Fixable(d)}
			if d.Range.InFile() {
				r := d.Range
				jd.Line, jd.Column, jd.Offset = r.Start.Line, r.Start.Column, r.Start.Offset
				jd.EndLine, jd.EndColumn, jd.EndOffset = r.End.Line, r.End.Column, r.End.Offset
			}
			if ReleaseNote(d, meta) != "" {
				jd.Releases = versionStrings(d.Releases)
			}
			jf.Findings = append(jf.Findings, jd)
		}
		rep.Files = append(rep.Files, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

// Fixable reports whether a diagnostic carries a machine-applicable fix
// located in its file: a suggestion whose every edit has file positions
// (xlfmt.Fixable, which lint --fix applies, is the same test).
func Fixable(d diag.Diagnostic) bool {
	if d.Suggestion == nil || len(d.Suggestion.Edits) == 0 {
		return false
	}
	for _, e := range d.Suggestion.Edits {
		if !e.Range.InFile() || !e.Range.End.IsValid() {
			return false
		}
	}
	return true
}
