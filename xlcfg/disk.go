package xlcfg

import "github.com/xldisk/xldisk/diag"

// DiskSpec is one DISKSPEC string of a file's disk list.
type DiskSpec struct {
	// Index is the disk's index in the domain as xl numbers them, or -1
	// for a spec that xl never reads (see Ignored).
	Index int
	// Path is the item's index path in the disk list: [2] for the third
	// item, [2 0] for the first item of a list nested as the third item.
	Path []int
	// Ignored is true for a spec xl never reads: xl stops reading the disk
	// list at its first item that is not a string (a nested list), so that
	// item's strings and every later item are ignored.
	Ignored bool
	// Spec is the decoded disk spec, as xl passes it to xlu_disk_parse.
	Spec string
	// Value is the string value, with its position, raw text and escapes.
	Value *Value
}

// Raw returns the source text of the spec, quotes and escapes included.
func (d DiskSpec) Raw() string { return d.Value.Raw }

// Pos maps a byte offset in the decoded spec (0 <= offset <= len(Spec)) to
// its position in the file, through the opening quote and any backslash
// escapes: the offset of a byte produced by an escape maps to its
// backslash. Offsets past the end are clamped to the closing quote.
func (d DiskSpec) Pos(offset int) Position { return d.Value.PosOf(offset) }

// PosOf maps a byte offset in a string value's decoded text to the file
// position (see DiskSpec.Pos). For a number it maps into the number's text;
// for a list it returns the list's position.
func (v *Value) PosOf(offset int) Position {
	if v.Kind == List {
		return v.Pos
	}
	if offset < 0 {
		offset = 0
	}
	if offset > len(v.Str) {
		offset = len(v.Str)
	}
	raw := offset
	if v.Kind == String {
		raw = 1 + offset
		for _, e := range v.Escapes {
			if e.DecodedOffset > offset || (e.DecodedOffset == offset && e.DecodedLen > 0) {
				break
			}
			raw += e.RawLen - e.DecodedLen
		}
	}
	p := v.Pos
	p.Offset += raw
	p.Column += raw
	return p
}

// DiskSpecs returns the disk specs of the "disk" setting as xl reads them
// (after any "+="), in order, including specs xl ignores (marked Ignored).
// It returns nil and no error when the file has no disk setting, and a
// diag.List holding one RuleDiskNotList diagnostic when disk is a single
// value instead of a list (xl warns and ignores it); its suggestion's edit
// puts the value in brackets.
func (f *File) DiskSpecs() ([]DiskSpec, error) {
	v := f.Lookup("disk")
	if v == nil {
		return nil, nil
	}
	if v.Kind != List {
		rng := diag.InFile(f.Filename, v.Pos.Diag(), v.End.Diag())
		fix := "[ " + v.Raw + " ]"
		d := diag.New(RuleDiskNotList, rng, "disk is a single value, not a list: xl ignores it and creates the domain with no disks").
			Suggest("write disk = "+fix, diag.Edit{Range: *rng, Text: fix, FileText: fix})
		return nil, diag.List{d}
	}
	out := make([]DiskSpec, 0, len(v.Items)) // exact for a flat list
	ignored := false
	for i, it := range v.Items {
		if it.Kind == List {
			ignored = true
		}
		out = appendSpecs(out, it, []int{i}, ignored)
	}
	n := 0
	for i := range out {
		if out[i].Ignored {
			out[i].Index = -1
		} else {
			out[i].Index = n
			n++
		}
	}
	return out, nil
}

func appendSpecs(out []DiskSpec, v *Value, path []int, ignored bool) []DiskSpec {
	if v.Kind != List {
		return append(out, DiskSpec{Path: path, Ignored: ignored, Spec: v.Str, Value: v})
	}
	for i, it := range v.Items {
		p := append(append([]int(nil), path...), i)
		out = appendSpecs(out, it, p, true)
	}
	return out
}
