// Evaluated before main.ts (import order): the app then reads its data from data/*.js.
;(window as unknown as { QCLOOP_STATIC: boolean }).QCLOOP_STATIC = true
export {}
