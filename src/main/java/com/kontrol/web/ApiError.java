package com.kontrol.web;

/** What every refused or failed API call answers, with a 4xx (or 500) status: {@code {"error": "..."}}. */
public record ApiError(String error) {}
