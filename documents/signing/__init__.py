"""PAdES digital signatures for issued documents (issue 17): signing, the visible Decree 30 appearance, validation.

The one public entry for signing is `documents.signing.service.pdf_sign`; for checking, `validation.pdf_validate`.
"""
