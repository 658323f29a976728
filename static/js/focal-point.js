// The admin's focal point: a click on the picture sets the two number fields,
// and the marker shows where they point. Without JavaScript the fields remain.
(function () {
  "use strict";

  function setUp(picker) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    const inputX = document.getElementById(picker.dataset.focalX);
    const inputY = document.getElementById(picker.dataset.focalY);
    if (!image || !marker || !inputX || !inputY) {
      return;
    }
    function show() {
      marker.hidden = false;
      marker.style.left = `${Number(inputX.value) * 100}%`;
      marker.style.top = `${Number(inputY.value) * 100}%`;
    }
    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      const clamp = (value) => Math.min(1, Math.max(0, value)).toFixed(3);
      inputX.value = clamp((event.clientX - box.left) / box.width);
      inputY.value = clamp((event.clientY - box.top) / box.height);
      show();
    });
    inputX.addEventListener("input", show);
    inputY.addEventListener("input", show);
    show();
  }

  // The admin loads form scripts in the page's head, before the form exists.
  function start() {
    document.querySelectorAll(".focal-picker").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
