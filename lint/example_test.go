package lint_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xldisk/xldisk/lint"
)

func ExampleConfig() {
	src := []byte(`type = "hvm"
disk = [ '/dev/vg/guest,raw,hda,rw',
         '/dev/vg/data,raw,hdb,ro' ]   # read-only IDE: QEMU refuses it
`)
	res := lint.Config("guest.cfg", src, lint.Options{})
	for _, f := range res.Findings {
		fmt.Printf("%s %s %v-%v\n", f.Rule, f.Severity, f.Pos, f.End)
	}
	// Output:
	// XLD200 error guest.cfg:3:32-guest.cfg:3:34
}

func ExampleFormat() {
	src := []byte("disk = [ '/dev/vg/guest,raw,xvda,rw' ]  # root\n")
	out, refusals, err := lint.Format("guest.cfg", src)
	fmt.Print(string(out), len(refusals), err)
	// Output:
	// disk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/guest' ]  # root
	// 0 <nil>
}

func ExampleWriteText() {
	res := lint.Config("guest.cfg", []byte("type = \"pv\"\nbuilder = \"hvm\"\n"), lint.Options{})
	lint.WriteText(os.Stdout, []lint.Result{res})
	// Output:
	// guest.cfg:2:11: error: builder "hvm" contradicts type: xl create exits [XLD307]
}

func ExamplePaths() {
	dir, err := os.MkdirTemp("", "xldisk-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"guest.cfg":       "type = \"pv\"\ndisk = [ '/dev/vg/a,raw,xvda,rw' ]\n",
		"hvm/win.cfg":     "type = \"hvm\"\ndisk = [ '/dev/vg/w,raw,hda,ro' ]\n",
		"legacy":          "name = \"old\"; disk = [ '/dev/vg/o,xvda,w' ]\n", // no .cfg, but a disk setting
		"notes.md":        "disk = [ 'not linted: documentation' ]\n",
		".git/config.cfg": "not linted: a hidden directory\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	for _, r := range lint.Paths([]string{dir}, lint.Options{}) {
		rel, _ := filepath.Rel(dir, r.Path)
		fmt.Printf("%s: %d finding(s)\n", filepath.ToSlash(rel), len(r.Findings))
		for _, f := range r.Findings {
			fmt.Printf("  %d:%d %s\n", f.Pos.Line, f.Pos.Column, f.Rule)
		}
	}
	// Output:
	// guest.cfg: 0 finding(s)
	// hvm/win.cfg: 1 finding(s)
	//   2:29 XLD200
	// legacy: 1 finding(s)
	//   1:35 XLD004
}

func ExampleWriteSARIF() {
	res := lint.Config("guest.cfg", []byte("type = \"pv\"\ndisk = [ '/dév/a,raw,hdz,rw' ]\n"), lint.Options{})
	var buf bytes.Buffer
	if err := lint.WriteSARIF(&buf, []lint.Result{res}, lint.SARIFOptions{Version: "1.0"}); err != nil {
		panic(err)
	}
	// The log is long (it describes every rule): decode what a code
	// scanning upload shows.
	var log struct {
		Version string
		Runs    []struct {
			ColumnKind string
			Results    []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		panic(err)
	}
	run := log.Runs[0]
	fmt.Println(log.Version, run.ColumnKind)
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		fmt.Printf("%s %s %s %s %d:%d-%d\n", r.RuleID, r.Level, loc.ArtifactLocation.URIBaseID, loc.ArtifactLocation.URI,
			loc.Region.StartLine, loc.Region.StartColumn, loc.Region.EndColumn)
	}
	// The finding itself counts bytes: é is two.
	fmt.Println("byte column", res.Findings[0].Pos.Column)
	// Output:
	// 2.1.0 unicodeCodePoints
	// XLD100 error %SRCROOT% guest.cfg 2:24-25
	// byte column 25
}

func ExampleWriteJSON() {
	res := lint.Config("guest.cfg", []byte("type = \"pv\"\nbuilder = \"hvm\"\n"), lint.Options{})
	lint.WriteJSON(os.Stdout, []lint.Result{res})
	// Output:
	// {
	//   "files": [
	//     {
	//       "path": "guest.cfg",
	//       "suppressed": 0,
	//       "findings": [
	//         {
	//           "rule": "XLD307",
	//           "severity": "error",
	//           "message": "builder \"hvm\" contradicts type: xl create exits",
	//           "line": 2,
	//           "column": 11,
	//           "endLine": 2,
	//           "endColumn": 16,
	//           "offset": 22,
	//           "endOffset": 27,
	//           "disk": -1
	//         }
	//       ]
	//     }
	//   ],
	//   "summary": {
	//     "error": 1,
	//     "files": 1,
	//     "info": 0,
	//     "unreadable": 0,
	//     "warning": 0
	//   }
	// }
}

func ExampleWriteGitHub() {
	res := lint.Config("guest.cfg", []byte("type = \"pv\"\nbuilder = \"hvm\"\n"), lint.Options{})
	lint.WriteGitHub(os.Stdout, []lint.Result{res})
	// Output:
	// ::error file=guest.cfg,line=2,col=11,endLine=2,endColumn=16,title=XLD307 builder contradicts type::builder "hvm" contradicts type: xl create exits [XLD307]
}
