// Upload page: drag and drop several files onto the file picker, and list what was chosen.
// Without JavaScript the plain <input type="file" multiple> still works.
(() => {
  const zone = document.querySelector("[data-dropzone]");
  if (!zone) return;
  const input = zone.querySelector("[data-file-input]");
  const chosen = zone.querySelector("[data-chosen]");

  // 812 bytes, 1.5 KB, 2.3 MB: never "0.0 MB" for a small file.
  const readableSize = (size) => {
    if (size < 1024) return `${size} byte${size === 1 ? "" : "s"}`;
    if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
    return `${(size / (1024 * 1024)).toFixed(1)} MB`;
  };
  const showChosen = () => {
    // A new choice makes the last attempt's error banner stale.
    for (const banner of document.querySelectorAll(".import-error")) banner.remove();
    chosen.replaceChildren(
      ...Array.from(input.files).map((file) => {
        const item = document.createElement("li");
        item.textContent = `${file.name} (${readableSize(file.size)})`;
        return item;
      }),
    );
  };

  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  }
  for (const name of ["dragleave", "dragend"]) {
    zone.addEventListener(name, () => zone.classList.remove("dragging"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    // Add the dropped files to those already chosen.
    const all = new DataTransfer();
    for (const file of [...input.files, ...event.dataTransfer.files]) all.items.add(file);
    input.files = all.files;
    showChosen();
  });
  input.addEventListener("change", showChosen);
})();
