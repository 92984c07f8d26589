package email

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"

	message "github.com/emersion/go-message"
)

// maxZipBytes caps the ZIP attachments whose file list is read.
const maxZipBytes = 8 << 20

// maxInside caps the names kept from one ZIP's file list: enough that a
// program cannot hide behind a few dozen harmless files.
const maxInside = 1000

// riskyType reports content types read as attachments even without a file
// name: programs, archives, disk images.
func riskyType(t string) bool {
	switch t {
	case "application/zip", "application/x-zip-compressed", "application/x-msdownload",
		"application/x-ms-dos-executable", "application/x-iso9660-image", "application/x-rar-compressed",
		"application/vnd.rar", "application/java-archive", "application/x-msi", "application/hta":
		return true
	}
	return false
}

// attachment records a file part; for a ZIP it lists the names inside.
func (m *Message) attachment(ent *message.Entity, name, mediaType string) {
	name = decodeText(name)
	a := Attachment{Name: clip(path.Base(strings.ReplaceAll(name, `\`, "/")), 200), Type: mediaType}
	if name == "" {
		a.Name = ""
	}
	ext := strings.ToLower(path.Ext(a.Name))
	if ext == ".zip" || mediaType == "application/zip" || mediaType == "application/x-zip-compressed" {
		var b bytes.Buffer
		n, err := b.ReadFrom(io.LimitReader(ent.Body, maxZipBytes+1))
		a.Size = n
		switch {
		case err != nil:
			m.note(fmt.Errorf("attachment %q: %v", a.Name, trimErr(err)))
		case n > maxZipBytes:
			m.note(fmt.Errorf("attachment %q is over %d MiB: its file list was not read", a.Name, maxZipBytes>>20))
			n2, _ := io.Copy(io.Discard, ent.Body)
			a.Size += n2
		default:
			zr, zerr := zip.NewReader(bytes.NewReader(b.Bytes()), n)
			if zerr != nil {
				m.note(fmt.Errorf("attachment %q is not a readable ZIP: %v", a.Name, zerr))
				break
			}
			for _, f := range zr.File {
				if len(a.Inside) == maxInside {
					break
				}
				a.Inside = append(a.Inside, clip(f.Name, 200))
			}
		}
	} else {
		n, err := io.Copy(io.Discard, io.LimitReader(ent.Body, 64<<20))
		a.Size = n
		if err != nil {
			m.note(fmt.Errorf("attachment %q: %v", a.Name, trimErr(err)))
		}
	}
	if len(m.Attachments) < 100 {
		m.Attachments = append(m.Attachments, a)
	}
}
