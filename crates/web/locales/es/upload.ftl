upload-files = Adjuntar archivos (opcional)
upload-err-file-name = El nombre del archivo «{ $name }» no es texto válido (UTF-8) y no se adjuntó; cámbielo y vuelva a elegirlo.
upload-busy = Hay demasiados archivos subiéndose en este momento. Vuelva a intentarlo en unos segundos.
