// Package walk finds the xl config files among the paths given on a
// command line and reads them, every read bounded.
//
// A file named on the command line is always taken. A directory is
// walked, skipping directories whose name starts with '.' and paths the
// Exclude function refuses; in a walk a file is taken when Select accepts
// it (IsConfig: *.cfg files, other files with a "disk =" statement,
// except INI-style *.cfg files such as setup.cfg). A symbolic link to a
// regular file is taken like that file (under the link's name); a link to
// a directory is not followed (which keeps a walk finite); a dangling link
// is reported when its name would select it. Devices, FIFOs and sockets
// found in a walk are not read.
package walk

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/xldisk/xldisk/domain"
)

// File is a file to lint: its content, or why it cannot be read.
type File struct {
	// Path is the file as named or found ("-" becomes StdinName).
	Path string
	// Src is the content (nil with Err).
	Src []byte
	// Err says why the file cannot be read or used.
	Err error
	// Stdin marks the standard input ("-"), named or not.
	Stdin bool
}

// Skipped is a file a walk passed over that a user might expect to be
// linted (a *.cfg file of another format), and why.
type Skipped struct {
	// Path is the file; Reason says why it was skipped.
	Path, Reason string
}

// Result is what Paths found, in order: each argument's files in lexical
// order within that argument.
type Result struct {
	Files []File
	// Skipped are *.cfg files a walk did not take (shown with --verbose).
	Skipped []Skipped
	// Empty are the directory arguments in which no file was found.
	Empty []string
}

// Options configure Paths.
type Options struct {
	// Limits.MaxFileSize bounds every read (domain.DefaultLimits' when 0).
	Limits domain.Limits
	// Exclude, when set, tells which paths of a walk to skip (a directory
	// is not entered). Arguments are never excluded.
	Exclude func(path string, isDir bool) bool
	// Stdin is read for the argument "-" (os.Stdin when nil).
	Stdin io.Reader
	// StdinName names the standard input in results ("<stdin>" when "").
	StdinName string
	// ForceExclude applies Exclude and the INI check to files named as
	// arguments too (they are then listed in Skipped), for callers that
	// pass every file of a project, such as pre-commit.
	ForceExclude bool
}

// diskLineRE finds a "disk =" or "disk +=" statement at the start of a
// line, or after a ';' that ends an earlier statement on the same line
// (name = "g"; disk = [...]) and is not in a comment.
var diskLineRE = regexp.MustCompile(`(?m)^(?:[^#\n]*;)?[ \t]*disk[ \t]*\+?=`)

// iniHeaderRE is an INI section header line: "[metadata]",
// "[tool:pytest]"; a name starts with a letter or '_' and holds no quote,
// comma or '=' (so "[ 'x' ]", a list, is no header).
var iniHeaderRE = regexp.MustCompile(`^[ \t]*\[[ \t]*[A-Za-z_][^\]\['",=\n]*\][ \t]*\r?$`)

// skipExt are file name extensions a walk never takes when the file is
// not *.cfg, even with a disk line (source code and docs quote configs).
var skipExt = map[string]bool{".go": true, ".md": true, ".json": true, ".sarif": true, ".txt": true,
	".golden": true, ".c": true, ".h": true, ".py": true, ".sh": true, ".yml": true, ".yaml": true, ".pod": true}

// IsINI reports whether src looks like an INI file: its first line that
// is not blank or a '#' or ';' comment is a [section] header. No xl.cfg
// starts so (xl would refuse it).
func IsINI(src []byte) bool {
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || t[0] == ';' {
			continue
		}
		return iniHeaderRE.Match(line)
	}
	return false
}

// IsConfig reports whether a walk takes a file, and when it does not take
// a *.cfg file, why. It takes every *.cfg file (one that is not a valid
// xl.cfg, binary files included, gets a syntax finding) except an INI
// file (IsINI: setup.cfg, tox.cfg), and another file with a "disk =" or
// "disk +=" statement at the start of a line or after a ';', unless its
// extension is one of source code or documentation (.go, .md, .txt, ...)
// or it is binary (holds a NUL byte).
func IsConfig(name string, src []byte) (ok bool, skipped string) {
	ext := filepath.Ext(name)
	if ext == ".cfg" {
		if IsINI(src) {
			return false, "an INI file ([section] header), not an xl config"
		}
		return true, ""
	}
	if skipExt[ext] || bytes.IndexByte(src, 0) >= 0 {
		return false, ""
	}
	return diskLineRE.Match(src), ""
}

// maxSize is the read bound of opts.
func (o Options) maxSize() int { return o.Limits.OrDefault().MaxFileSize }

// ReadFile reads a file of at most max bytes. A regular file larger than
// that is refused without being read; anything else (a device such as
// /dev/zero, a FIFO, a process substitution) is read up to max+1 bytes
// and refused if it holds more. A directory is an error.
func ReadFile(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	if fi.Mode().IsRegular() && fi.Size() > int64(max) {
		return nil, fmt.Errorf("%s: file is %d bytes, larger than the limit of %d", path, fi.Size(), max)
	}
	if fi.Mode().IsRegular() {
		// The size is known (a file may still grow while it is read):
		// one buffer, as os.ReadFile sizes it, and no more than max+1.
		return readSized(path, f, int(fi.Size()), max)
	}
	return readBounded(path, f, max, true)
}

// readSized reads a regular file of about size bytes into one buffer, at
// most max+1 bytes, and refuses more than max.
func readSized(path string, f *os.File, size, max int) ([]byte, error) {
	buf := make([]byte, 0, min(size+512, max+1))
	for {
		if len(buf) > max {
			return nil, fmt.Errorf("%s: input is larger than the limit of %d bytes", path, max)
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow
		}
		n, err := f.Read(buf[len(buf):min(cap(buf), max+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if len(buf) > max {
		return nil, fmt.Errorf("%s: input is larger than the limit of %d bytes", path, max)
	}
	return buf, nil
}

// readBounded reads r up to max+1 bytes and refuses more than max.
func readBounded(name string, r io.Reader, max int, special bool) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(src) > max {
		if special {
			return nil, fmt.Errorf("%s: not a regular file, and it holds more than the limit of %d bytes: refused", name, max)
		}
		return nil, fmt.Errorf("%s: input is larger than the limit of %d bytes", name, max)
	}
	return src, nil
}

// Stdin reads the standard input of opts, bounded, as a File.
func Stdin(opts Options) File {
	name := opts.stdinName()
	r := opts.Stdin
	if r == nil {
		r = os.Stdin
	}
	src, err := readBounded(name, r, opts.maxSize(), false)
	return File{Path: name, Src: src, Err: err, Stdin: true}
}

// Candidate is a file Plan found: named as an argument, the standard
// input, or found by a walk; Take reads it and decides whether it is
// linted.
type Candidate struct {
	// Path is the file (StdinName for the standard input).
	Path string
	// Arg is the index of the argument the candidate comes from.
	Arg int
	// Named is set for a file named as an argument (always taken unless
	// ForceExclude says otherwise), Stdin for "-".
	Named, Stdin bool
	// Err is a stat or walk error: Take returns it as the File's Err.
	Err error
}

// Plan is what the arguments name, read nothing yet.
type Plan struct {
	// Candidates are in order: each argument's, in lexical path order
	// within a directory.
	Candidates []Candidate
	// Dirs are the indexes of the arguments that are directories.
	Dirs []int
	// Skipped are the named files ForceExclude excluded.
	Skipped []Skipped
}

// MakePlan lists the files of the arguments, reading no file. "-" is the
// standard input; a directory is walked (see the package comment).
func MakePlan(args []string, opts Options) Plan {
	var pl Plan
	for i, p := range args {
		if p == "-" {
			pl.Candidates = append(pl.Candidates, Candidate{Path: opts.stdinName(), Arg: i, Stdin: true})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			pl.Candidates = append(pl.Candidates, Candidate{Path: p, Arg: i, Named: true, Err: err})
			continue
		}
		if !fi.IsDir() {
			if opts.ForceExclude && opts.Exclude != nil && opts.Exclude(p, false) {
				pl.Skipped = append(pl.Skipped, Skipped{Path: p, Reason: "excluded"})
				continue
			}
			pl.Candidates = append(pl.Candidates, Candidate{Path: p, Arg: i, Named: true})
			continue
		}
		pl.Dirs = append(pl.Dirs, i)
		pl.Candidates = append(pl.Candidates, walkDir(p, i, opts)...)
	}
	return pl
}

func (o Options) stdinName() string {
	if o.StdinName == "" {
		return "<stdin>"
	}
	return o.StdinName
}

// Take reads a candidate (bounded) and decides whether it is linted:
// keep is false for a file a walk found that IsConfig refuses (skipped
// then says why, when the user should hear of it) and for a named INI
// *.cfg under ForceExclude. An unreadable file is kept, with Err, when it
// is named or its name selects it (*.cfg).
func (o Options) Take(c Candidate) (f File, keep bool, skipped string) {
	switch {
	case c.Stdin:
		return Stdin(o), true, ""
	case c.Err != nil:
		return File{Path: c.Path, Err: c.Err}, true, ""
	}
	src, err := ReadFile(c.Path, o.maxSize())
	if err != nil {
		return File{Path: c.Path, Err: err}, c.Named || filepath.Ext(c.Path) == ".cfg", ""
	}
	f = File{Path: c.Path, Src: src}
	if c.Named {
		if o.ForceExclude && filepath.Ext(c.Path) == ".cfg" && IsINI(src) {
			_, why := IsConfig(c.Path, src)
			return File{}, false, why
		}
		return f, true, ""
	}
	ok, why := IsConfig(c.Path, src)
	return f, ok, why
}

// Empty returns the directory arguments of which no candidate was kept.
func (pl Plan) Empty(args []string, kept []bool) []string {
	has := map[int]bool{}
	for i, c := range pl.Candidates {
		if kept[i] {
			has[c.Arg] = true
		}
	}
	var out []string
	for _, d := range pl.Dirs {
		if !has[d] {
			out = append(out, args[d])
		}
	}
	return out
}

// Paths finds and reads the files of the arguments (MakePlan, then Take
// of every candidate on every core); "-" is the standard input. A named
// file is always taken (INI or not); a missing one is a File with Err.
func Paths(args []string, opts Options) Result {
	pl := MakePlan(args, opts)
	files := make([]File, len(pl.Candidates))
	kept := make([]bool, len(pl.Candidates))
	skips := make([]string, len(pl.Candidates))
	Parallel(len(pl.Candidates), func(i int) {
		files[i], kept[i], skips[i] = opts.Take(pl.Candidates[i])
	})
	res := Result{Skipped: pl.Skipped, Empty: pl.Empty(args, kept)}
	for i := range files {
		switch {
		case kept[i]:
			res.Files = append(res.Files, files[i])
		case skips[i] != "":
			res.Skipped = append(res.Skipped, Skipped{Path: pl.Candidates[i].Path, Reason: skips[i]})
		}
	}
	return res
}

// Parallel calls f(0) ... f(n-1) on every core (GOMAXPROCS goroutines)
// and returns when all calls have returned. The standard input candidate,
// if any, is read by whichever goroutine gets it: it is only one.
func Parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for k := min(runtime.GOMAXPROCS(0), n); k > 0; k-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// walkDir lists the candidates under the directory p (argument arg), in
// lexical order.
func walkDir(p string, arg int, opts Options) []Candidate {
	// WalkDir does not descend into a root that is a symbolic link; a
	// trailing separator makes it resolve the link (the paths it gives
	// are still joined to p).
	root := p
	if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		root = p + string(filepath.Separator)
	}
	var out []Candidate
	werr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			out = append(out, Candidate{Path: path, Arg: arg, Err: err})
			return nil
		}
		if path != root && opts.Exclude != nil && opts.Exclude(path, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch t := d.Type(); {
		case t.IsRegular():
			out = append(out, Candidate{Path: path, Arg: arg})
		case t&fs.ModeSymlink != 0:
			fi, err := os.Stat(path)
			if err != nil || fi.Mode().IsRegular() {
				// Dangling (or unreadable): Take reports it if its
				// name selects it.
				out = append(out, Candidate{Path: path, Arg: arg})
			}
			// A directory is not followed; devices, FIFOs and sockets
			// are not read.
		}
		return nil
	})
	if werr != nil {
		out = append(out, Candidate{Path: p, Arg: arg, Err: werr})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
