// Entry of the exported static site: data come from data/*.js, routes from the URL hash.
import './static-flag.ts'
import './styles.css'
import './main.ts'
