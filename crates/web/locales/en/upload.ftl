upload-files = Attach files (optional)
upload-err-file-name = The name of the file “{ $name }” is not valid text (UTF-8) and it was not attached; rename it and choose it again.
upload-busy = Too many files are being uploaded right now. Please try again in a few seconds.
