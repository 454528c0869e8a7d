// Upload page: drag and drop several files onto the file picker, and list what was chosen.
// Without JavaScript the plain <input type="file" multiple> still works.
(() => {
  const zone = document.querySelector("[data-dropzone]");
  if (!zone) return;
  const input = zone.querySelector("[data-file-input]");
  const chosen = zone.querySelector("[data-chosen]");

  const megabytes = (size) => (size / (1024 * 1024)).toFixed(1) + " MB";
  const showChosen = () => {
    chosen.replaceChildren(
      ...Array.from(input.files).map((file) => {
        const item = document.createElement("li");
        item.textContent = `${file.name} (${megabytes(file.size)})`;
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
