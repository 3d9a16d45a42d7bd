package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

type csRoot struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Comment string   `xml:",comment"`
	Files   []csFile `xml:"file"`
}

type csFile struct {
	Name   string    `xml:"name,attr"`
	Errors []csError `xml:"error"`
}

type csError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// WriteCheckstyle writes Checkstyle XML (read by Jenkins' Warnings Next
// Generation and many CI dashboards): one <file> per linted file with
// findings or a read error, one <error> per finding with line, column
// (code points; none for a finding with no place), severity (error,
// warning or info), message (with advice, rule id and ReleaseNote) and
// source "xldisk.XLDnnn". Paths are relative to meta.Root. A comment names
// the tool version and the Xen releases judged.
func WriteCheckstyle(w io.Writer, files []File, meta Meta) error {
	absRoot, err := filepath.Abs(orDot(meta.Root))
	if err != nil {
		return err
	}
	comment := " xldisk"
	if meta.ToolVersion != "" {
		comment += " " + meta.ToolVersion
	}
	comment += "; judged against " + meta.Judged() + " "
	root := csRoot{Version: "4.3", Comment: strings.ReplaceAll(comment, "--", "- -")}
	for _, f := range files {
		cf := csFile{Name: relPath(f.Path, absRoot)}
		if f.Err != nil {
			cf.Errors = append(cf.Errors, csError{Line: 1, Severity: "error", Message: f.Err.Error(), Source: "xldisk.unreadable"})
		}
		for _, d := range f.Diags {
			e := csError{Severity: d.Severity.String(), Message: message(d) + " [" + d.Rule.String() + "]" + ReleaseNote(d, meta),
				Source: "xldisk." + d.Rule.String()}
			if r := d.Range; r.InFile() {
				e.Line, e.Column = r.Start.Line, runeColumn(f.Src, r.Start)
			}
			cf.Errors = append(cf.Errors, e)
		}
		if len(cf.Errors) > 0 {
			root.Files = append(root.Files, cf)
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err = fmt.Fprintln(w)
	return err
}
